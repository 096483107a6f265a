"""The report editor's interface strings, Chinese first (official wording), English second."""

from __future__ import annotations

TEXT = {  # interface strings: (zh, en)
    "title": ("政府信息公开工作年度报告 · 编写", "Annual government information disclosure report · drafting"),
    "agency": ("机关名称", "Agency"),
    "year": ("年度", "Year"),
    "form": ("格式版本", "Format"),
    "kind": ("机关类型", "Agency type"),
    "government": ("人民政府", "People's government"),
    "department": ("政府部门", "Government department"),
    "unknown": ("未指定", "Not set"),
    "lang": ("界面语言", "Language"),
    "last_year": ("从上年报告开始", "Start from last year"),
    "last_year_help": (
        "上传上年年报（JSON 或已发布的网页/文本），自动填入“二、上年结转”并核对衔接。",
        "Upload last year's report (JSON or the published page/text): fills 'carried over' and checks continuity.",
    ),
    "aspects": ("总体情况应包括以下五个方面：", "The overview should cover five aspects:"),
    "insert": ("插入五个方面的小标题", "Insert the five headings"),
    "fees": ("信息处理费（按《政府信息公开信息处理费管理办法》）", "Information processing fees"),
    "prose": ("正文与表格是否一致", "Prose vs tables"),
    "prose_ok": ("正文与表格未发现矛盾。", "No contradiction between prose and tables found."),
    "issues": ("检查结果（点击定位到单元格）", "Checks (click to go to the cells)"),
    "export": ("导出", "Export"),
    "saved": ("已自动保存", "Saved"),
    "save_failed": ("自动保存失败（数据仍在内存中，请检查目录权限）：", "Autosave failed (data kept in memory): "),
    "not_saving": (
        "⚠ 未保存：草稿目录无法写入，本页的修改只在内存中，关闭页面即丢失。请导出或更换目录。原因：",
        "⚠ Not saving: the drafts folder cannot be written; changes live only in memory. Export, or fix the folder. ",
    ),
    "conflict": (
        "⚠ 另一个窗口或内核已修改此草稿，本页的修改暂未保存（数据仍在本页）。请选择：",
        "⚠ Another tab or kernel changed this draft; this page's changes are not saved yet (kept here). Choose:",
    ),
    "merge": ("合并（本页的修改覆盖在对方版本上）", "Merge (my edits on top of theirs)"),
    "reload": ("载入对方版本（放弃本页修改）", "Reload theirs (drop my edits)"),
    "overwrite": ("以本页为准保存", "Keep mine (overwrite)"),
    "surrogate": (
        "文字中含无法保存的字符（孤立代理项），已替换为 �。",
        "Text held characters that cannot be saved (lone surrogates): replaced by �.",
    ),
    "bad_fee": ("信息处理费中有不是数字的值，已按 0 显示：", "A fee that is not a number is shown as 0: "),
    "missing_tables": (
        "⚠ 上年报告中未读到{zh}：相关数字（如“二、上年结转”）未能填入，请核对。",
        "⚠ Last year's report has no {en} that could be read: those figures (e.g. carried over) were not filled.",
    ),
    "too_big": (
        "文件过大（{n} 字节，上限 {max} 字节），未读取。",
        "File too large ({n} bytes, limit {max}); not read.",
    ),
    "damaged": (
        "⚠ 原草稿文件无法读取，已原样保留为 {aside}，本页从空白开始：",
        "⚠ The draft file could not be read; it is kept as {aside} and this page starts afresh:",
    ),
    "bad_year": ("年度超出范围，已忽略：", "Year out of range, ignored: "),
    "check_failed": ("检查程序出错，已保存的数据不受影响：", "A check failed to run; the saved data is not affected: "),
    "exported": ("已导出", "Exported"),
    "download": ("下载", "Download"),
    "read_failed": ("无法读取「{name}」", "cannot read {name}"),  # + the reason
    "export_failed": ("导出失败", "export failed"),  # + the reason
    "restored": ("已从草稿恢复", "Restored from draft"),
    "form_moved": (
        "切换格式：{n} 个该格式没有的单元格已暂存，切换回原格式即恢复。",
        "Format switched: {n} cells that the format lacks were set aside; switch back to restore them.",
    ),
}
TABLE_TEXT = {  # the table widget's own strings (table.js fills {placeholders} as str.format does)
    "unit": ("单位：", "Unit: "),
    "auto": (
        "自动计算（输入数值可改为手填，清空恢复自动）",
        "Computed (type a number to enter it by hand, clear to compute again)",
    ),
    "typed": (
        "手填总计，自动计算值为 {value}，相差 {diff}",
        "Typed total; the computed value is {value}, difference {diff}",
    ),
    "bad": ("无法识别为数字，已原样保留：", "Not a number, kept as typed: "),
    "pending": ("（浏览器即时检查，等待内核确认）", " (checked in the browser, kernel to confirm)"),
    "none": ("本表未发现问题", "No issues in this table"),
    "more": ("另有 {n} 项，见问题列表", "{n} more in the issues panel"),
}
ISSUES_TEXT = {  # the issues panel's headings
    "error": ("错误", "Errors"),
    "warning": ("警告", "Warnings"),
    "info": ("提示", "Notes"),
    "na": ("无法判断", "Not assessable"),
    "count": ("{label}（{n}）", "{label} ({n})"),
    "none": ("未发现问题。", "No issues found."),
}


def catalogue(strings: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    """``{key: (zh, en)}`` as the browser reads it: ``{key: {"zh": …, "en": …}}``."""
    return {k: {"zh": zh, "en": en} for k, (zh, en) in strings.items()}


GUIDE = {  # what each section should hold: (zh, en)
    "s1_overview": (
        "概述本机关贯彻落实《条例》的情况，分五个方面写，可包含数据。",
        "How the agency implemented the Regulations, in five aspects; figures welcome.",
    ),
    "s2_proactive": (
        "填写下表（第二十条第（一）（五）（六）（八）项）。",
        "Fill in the table (Article 20 items 1, 5, 6, 8).",
    ),
    "s3_requests": (
        "填写下表。每一列：一 + 二 = 三（七）总计 + 四。总计列与（七）总计自动计算，也可手填。",
        "Fill in the table. Per column: 1 + 2 = 3(7) + 4. Totals are computed, or typed.",
    ),
    "s4_review_litigation": ("填写下表，总计自动计算，也可手填。", "Fill in the table; totals are computed, or typed."),
    "s5_problems": (
        "写明本年度存在的主要问题和改进措施，并说明上年度改进措施的落实情况。",
        "The main problems this year and how they will be improved; how last year's measures went.",
    ),
    "s6_other": (
        "报告信息处理费的收取情况，以及其他需要报告的事项（如政务公开工作要点落实情况）。",
        "Report the information processing fees and any other matters.",
    ),
}
