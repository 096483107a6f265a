"""Whole-page variants of a rendering that real sites produce (used by the reader tests on real and generated pages)."""

from __future__ import annotations

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
}


def to_traditional(text: str) -> str:
    """``text`` as a mirror site's simplified→traditional conversion writes it (the characters the tables use)."""
    for s, t in _S2T.items():
        text = text.replace(s, t)
    return text
