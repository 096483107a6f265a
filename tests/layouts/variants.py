"""Whole-page variants of a rendering that real sites produce (used by the reader tests on real and generated pages)."""

from __future__ import annotations

import re

# a mirror site's simplified→traditional conversion (written out here, independent of the normaliser)
_S2T = {
    "规范": "規範",
    "文件": "檔案",
    "总计": "總計",
    "公开": "公開",
    "申请": "申請",
    "数量": "數量",
    "处理": "處理",
    "结转": "結轉",
    "办理": "辦理",
    "结果": "結果",
    "复议": "復議",
    "诉讼": "訴訟",
    "许可": "許可",
    "收费": "收費",
    "项": "項",
    "条": "條",
    "国家": "國家",
    "事务": "事務",
    "机关": "機關",
    "组织": "組織",
    "机构": "機構",
    "维持": "維持",
    "纠正": "糾正",
    "审结": "審結",
    "现行": "現行",
    "废止": "廢止",
    "发": "發",
    "无法": "無法",
    "护": "護",
    "属于": "屬於",
    "内部": "內部",
    "过程": "過程",
    "执法": "執法",
    "询": "詢",
    "补正": "補正",
    "确认": "確認",
    "获取": "獲取",
    "实际": "實際",
    "报告": "報告",
    "经": "經",
    "强制": "強制",
    "况": "況",
    "请": "請",
    "权": "權",
    "义": "義",
    "险": "險",
    "稳": "穩",
    "企业": "企業",
    "处罚": "處罰",
    "决定": "決定",
    "采购": "採購",
    "减": "減",
    "主动": "主動",
    "数据": "數據",
    "区分": "區分",
    "这一": "這一",
    "缴纳": "繳納",
    "继续": "繼續",
    "问题": "問題",
    "改进": "改進",
    "后": "後",
    "对外": "對外",
    "号": "號",
}


def to_traditional(text: str) -> str:
    """``text`` as a mirror site's simplified→traditional conversion writes it (the characters the tables use)."""
    for s, t in _S2T.items():
        text = text.replace(s, t)
    return text


#: Table 2's labels as real reports vary them (spec §3.4), each a rewriting of a whole page.
T2_LABELS = {
    "本年新制发件数": lambda p: p.replace("本年制发件数", "本年新制发件数"),
    "制发件数": lambda p: p.replace("本年制发件数", "制发件数"),
    "规范性文件": lambda p: p.replace("行政规范性文件", "规范性文件"),
    "半年收费金额": lambda p: p.replace("本年收费金额", "半年收费金额"),
    "本年收费金额（万元）": lambda p: p.replace("本年收费金额（单位：万元）", "本年收费金额（万元）"),
    "收费金额": lambda p: p.replace("本年收费金额（单位：万元）", "收费金额"),
    "处理决定数量": lambda p: p.replace("本年处理决定数量", "处理决定数量"),
    "决定数量": lambda p: p.replace("本年处理决定数量", "决定数量"),
    "第(一)项": lambda p: re.sub(r"第（([一二三四五六七八九十]+)）项", r"第(\1)项", p),
    "第二十条第一项": lambda p: re.sub(r"第二十条第（([一二三四五六七八九十]+)）项", r"第二十条第\1项", p),
    "第（一）项": lambda p: short_block_titles(p),
}


def short_block_titles(page: str) -> str:
    """``page`` with Table 2's block titles written the short way real reports use (spec §3.4: 第（一）项 for
    第二十条第（一）项)."""
    return page.replace("第二十条第", "第")


#: Table 3's column headings: each in turn is written as a word the reader does not know.
T3_HEADINGS = ("自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def unknown_heading(page: str, word: str) -> str:
    """``page`` with the Table 3 heading ``word`` (a cell of its own, not part of a longer label) written 某类."""
    for a, b in ((">", "<"), ("| ", " |"), ("\t", "\t"), (" ", " ")):
        page = page.replace(a + word + b, a + "某类" + b)
    return page


#: Table 3's and Table 4's labels as real reports vary them (spec §4.4, §5).
T3_T4_LABELS = {
    "社会组织": lambda p: p.replace("社会公益组织", "社会组织"),
    "法律法规禁止公开": lambda p: p.replace("2.其他法律行政法规禁止公开", "2. 其他法律法规禁止公开"),
    "ASCII quotes": lambda p: p.replace("“三安全一稳定”", '"三安全一稳定"'),
    "(四) 无法提供": lambda p: p.replace("（四）无法提供", "(四) 无法提供"),
    "1、属于": lambda p: re.sub(
        r"(?<![\d.])([1-9])\.(属于|其他|危及|保护|本机关|没有|补正|信访|重复|要求|申请人)", r"\1、\2", p
    ),
    "1. 属于": lambda p: re.sub(
        r"(?<![\d.])([1-9])\.(属于|其他|危及|保护|本机关|没有|补正|信访|重复|要求|申请人)", r"\1. \2", p
    ),
    "(七) 总计": lambda p: p.replace("（七）总计", "(七) 总计"),
    "七、总计": lambda p: p.replace("（七）总计", "七、总计"),
    "总计(7)": lambda p: p.replace("（七）总计", "总计(7)"),
    "结转下一年度": lambda p: p.replace("四、结转下年度继续办理", "四、结转下一年度继续办理"),
    "结转下一年": lambda p: p.replace("四、结转下年度继续办理", "四、结转下一年继续办理"),
    "（二）部分公开": lambda p: p.replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"),
    "no 勾稽关系 cell": lambda p: p.replace("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", ""),
    "结果 维持": lambda p: (
        p.replace("结果维持", "结果 维持").replace("其他结果", "其他 结果").replace("尚未审结", "尚未 审结")
    ),
}


def split_table_3(page: str, kind: str) -> list[str]:
    """``page`` with Table 3 broken in two after every fifth row, as a page break breaks it (a page number between
    the two parts, the second without the header)."""
    out = []
    if kind == "html":
        start = next(
            m.start()
            for m in re.finditer(r"<table", page)
            if "本年新收" in page[m.start() : page.find("</table>", m.start())]
        )
        rows = [start + m.start() for m in re.finditer(r"<tr", page[start : page.find("</table>", start)])]
        out = [page[:cut] + "</table><p>—1—</p><table>" + page[cut:] for cut in rows[4::5]]
    else:
        lines = page.split("\n")
        first = next(i for i, ln in enumerate(lines) if "本年新收" in ln)
        out = [
            "\n".join(lines[:k] + ["", "—1—", ""] + lines[k:])
            for k in range(first + 3, first + 26, 5)
            if lines[k].startswith("|")
        ]
    return out


def in_tables(rewrite):
    """``rewrite`` applied to the tables' part of a page only (from 第二十条 to the heading of section 五)."""

    def rewritten(page: str) -> str:
        start = page.find("第二十条")
        end = page.find("五、", start)
        return page[:start] + rewrite(page[start:end]) + page[end:]

    return rewritten


_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
#: How cells print their numbers besides plain digits: full-width digits, a Chinese comma between thousands, a unit.
NUMBER_WRITINGS = {
    "full-width digits": lambda s: s.translate(_FULL_WIDTH_DIGITS),
    "，between thousands": lambda s: s.replace(",", "，"),
    "unit 件": lambda s: re.sub(r"(?<=[\s|>\t])(\d+)(?=[\s|<\t])", r"\1件", s),
}


def extra_column(page: str, kind: str, where: str) -> str:
    """``page`` with an empty column added to every table row, first or last (a Word table's phantom column)."""
    if kind == "html":
        return page.replace("<tr>", "<tr><td></td>") if where == "first" else page.replace("</tr>", "<td></td></tr>")
    out = []
    for ln in page.split("\n"):
        if kind == "md" and ln.startswith("|"):
            rule = set(ln) <= set("|-: ")
            ln = ("|---" + ln if rule else "|  " + ln) if where == "first" else (ln + ("---|" if rule else "  |"))
        elif kind == "tsv" and "\t" in ln:
            ln = "\t" + ln if where == "first" else ln + "\t"
        out.append(ln)
    return "\n".join(out)
