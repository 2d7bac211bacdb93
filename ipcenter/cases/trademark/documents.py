"""Trademark enforcement (商标侵权案件): the catalogue of official documents — each template's
title, the data it takes, a complete sample.

The data of each trademark-enforcement document (``trademark.kind.document_data``). Every
template gets ``office``, ``number``, ``title``, ``issued_on``, ``verify_code`` and ``site_url``
(``ipcenter.core.pdf``), and:

- ``case``: ``{number (立案 number, or None before 立案), title, source (complaint / report /
  inspection; anything else, e.g. clue, prints as 其他), filed_on, accepted_on (dates or None),
  facts (str), marks: [{registration_number, nice_class (int), holder, text}], findings (str),
  conduct (Chinese label or ""), turnover, gains (str amounts in 元 like ``"60000.00"``, or
  None), party_kind (organisation / person), statement, review_opinion, decline_reason}``
- ``complainants``, ``parties``: lists of ``{name, address, uscc, legal_representative,
  agent}`` (every key present; the complainants list may be empty)
- ``officers``: list of ``{name, role}`` (role 主办人员 / 协办人员; at least 2 once a case is open)
- ``periods``: the periods the documents print, ``{clock kind: "5wd" …}`` (``periods()``: the
  workflow's ``DEADLINES``)

and, per template (optional keys in brackets; a missing optional key prints nothing or a
default):

- ``case_source`` 案件来源登记表: [``registered_by``]
- ``filing_approval`` 立案审批表: [``approved_by``, ``approved_on``]
- ``decline_approval`` 不予立案审批表: ``reasons`` (list of str); [``approved_by``,
  ``approved_on``]
- ``preservation_notice`` 先行登记保存通知书: ``goods`` (str, one item a line, or list)
- ``penalty_notice`` 行政处罚告知书: ``fine`` (str amount in 元; "0.00" for none),
  ``hearing_right`` (bool); [``findings`` (default ``case.findings``), ``basis`` (str), ``measures``
  (list of Chinese labels; default 责令立即停止侵权行为)]
- ``tm_hearing_notice`` 听证通知书: ``hearing_at`` (datetime), ``hearing_place``; [``presider``,
  ``clerk``]
- ``penalty_decision`` 行政处罚决定书: ``fine``, ``basis`` (``"《法》第N条：text"``, from
  ``ipcenter.cases.trademark.penalties``), ``measures`` (list of Chinese labels),
  ``heavier_basis`` (str, empty unless 从重); [``evidence`` (list of str), ``article57_item``
  (int, the item of 商标法 Art. 57 infringed) with ``article57_text``, ``review_body`` (the
  body that hears a review, 中山市人民政府)]
- ``no_penalty_decision`` 不予行政处罚决定书: ``reasons`` (list of str); [``basis`` (default
  行政处罚法第五十七条第一款), ``orders`` (list of Chinese labels: an innocent seller's order to
  stop selling, 商标法 Art. 60 ¶2), ``review_body``]
- ``referral_letter`` 涉嫌犯罪案件移送书: ``offence``, ``thresholds`` (list of str), ``reason``;
  [``addressees`` (default 中山市公安局), ``enclosures`` (default the materials of 国务院令第310号
  Art. 6: 调查终结报告、涉案物品清单、检验鉴定报告)]
"""

from __future__ import annotations

from datetime import date, datetime

from ipcenter.cases import samples
from ipcenter.cases.trademark import workflow as trademark_workflow
from ipcenter.core.clock import CHINA

TITLES = {
    "case_source": "案件来源登记表",
    "filing_approval": "立案审批表",
    "decline_approval": "不予立案审批表",
    "preservation_notice": "先行登记保存通知书",
    "penalty_notice": "行政处罚告知书",
    "tm_hearing_notice": "听证通知书",
    "penalty_decision": "行政处罚决定书",
    "no_penalty_decision": "不予行政处罚决定书",
    "referral_letter": "涉嫌犯罪案件移送书",
    "closing_approval": "结案审批表",
}

TEMPLATES = ("case_source", "filing_approval", "decline_approval", "closing_approval",
                       "preservation_notice", "penalty_notice", "tm_hearing_notice",
                       "penalty_decision", "no_penalty_decision", "referral_letter")


def periods() -> dict[str, str]:
    """The periods trademark documents print, read from the workflow's tables."""
    return {kind: rule.period for kind, rule in trademark_workflow.DEADLINES.items()}


def sample_data(template: str) -> dict:
    """A complete example of the data each trademark template takes, shaped like
    ``trademark.kind.document_data`` (tests, benchmark, previews)."""
    case_number = "中市监商立字〔2026〕8号"
    base = {
        **samples.heading(TITLES[template], case_number),
        "periods": periods(),
        "case": {
            "number": case_number,
            "title": "中山市古镇明耀照明电器厂涉嫌侵犯“华辉”注册商标专用权案",
            "source": "complaint",
            "filed_on": date(2026, 1, 8),
            "accepted_on": date(2026, 1, 15),
            "facts": ("投诉人反映：当事人在古镇灯饰城门店及其网店销售标有“华辉”商标的LED吸顶灯，"
                      "投诉人从未许可当事人使用该商标。"),
            "marks": [{"registration_number": "12345678", "nice_class": 11,
                       "holder": "中山市古镇华辉灯饰有限公司", "text": "华辉"}],
            "findings": ("2026年1月16日，本局执法人员对当事人位于古镇灯饰城的门店进行检查，"
                         "现场查获标有“华辉”商标的LED吸顶灯120盏。经商标注册人鉴别，"
                         "上述商品均非其生产或者授权生产的商品。\n"
                         "当事人自2025年10月起从他人处购进上述商品，以每盏500元的价格对外销售，"
                         "至案发时共销售120盏，未能提供上述商品的合法来源。"),
            "conduct": "销售侵犯注册商标专用权的商品",
            "turnover": "60000.00",
            "gains": "20000.00",
            "party_kind": "organisation",
            "statement": "",
            "review_opinion": "事实清楚，证据确凿，适用法律正确，程序合法。",
            "decline_reason": "",
        },
        "complainants": [{
            "name": "中山市古镇华辉灯饰有限公司",
            "address": "广东省中山市古镇镇华辉路8号",
            "uscc": "91442000MA4UHH8888",
            "legal_representative": "",
            "agent": "",
        }],
        "parties": [{
            "name": "中山市古镇明耀照明电器厂",
            "address": "广东省中山市古镇镇灯饰城A区18号",
            "uscc": "92442000MA5MY12345",
            "legal_representative": "林明耀",
            "agent": "",
        }],
        "officers": [{"name": "梁文涛", "role": "主办人员"}, {"name": "何静", "role": "协办人员"}],
    }
    fine_basis = ("《中华人民共和国商标法》第六十条第二款：违法经营额五万元以上的，"
                  "可以处违法经营额五倍以下的罚款")
    extra = {
        "case_source": {"number": None, "registered_by": "梁文涛",
                        "case": {**base["case"], "number": None, "accepted_on": None,
                                 "findings": "", "turnover": None, "gains": None}},
        "filing_approval": {"approved_by": "张振华"},
        "decline_approval": {
            "number": None,
            "case": {**base["case"], "number": None, "accepted_on": None, "findings": "",
                     "turnover": None, "gains": None,
                     "decline_reason": "投诉人未能提供被投诉商品系侵权商品的初步证据"},
            "reasons": ["投诉人未能提供被投诉商品系侵权商品的初步证据；",
                        "经现场核查，当事人门店未发现标有“华辉”商标的商品。"],
            "approved_by": "张振华"},
        "preservation_notice": {"goods": ["标有“华辉”商标的LED吸顶灯（型号HH-520）120盏",
                                          "标有“华辉”商标的包装盒200个"]},
        "penalty_notice": {"fine": "100000.00", "hearing_right": True,
                           "findings": base["case"]["findings"]},
        "tm_hearing_notice": {"hearing_at": datetime(2026, 4, 10, 9, 30, tzinfo=CHINA),
                              "hearing_place": "中山市市场监督管理局听证室"
                                               "（中山市东区中山四路32号）",
                              "presider": "陈国平", "clerk": "吴敏"},
        "penalty_decision": {
            "number": "中市监商罚字〔2026〕3号", "fine": "100000.00", "basis": fine_basis,
            "measures": ["责令立即停止侵权行为", "没收、销毁侵权商品",
                         "没收、销毁主要用于制造侵权商品、伪造注册商标标识的工具"],
            "heavier_basis": "", "article57_item": 3,
            "article57_text": "销售侵犯注册商标专用权的商品的", "review_body": "中山市人民政府",
            "evidence": ["现场检查笔录及现场照片", "当事人的询问笔录",
                         "商标注册人出具的鉴别意见", "销售单据及网店交易记录"]},
        "no_penalty_decision": {
            "number": "中市监商罚字〔2026〕4号",
            "case": {**base["case"], "turnover": "1500.00", "gains": "300.00",
                     "findings": ("2026年1月16日，本局执法人员在当事人门店查获标有“华辉”商标的"
                                  "LED吸顶灯3盏。当事人自2026年1月起购进并销售上述商品，"
                                  "违法经营额为人民币1,500.00元。")},
            "reasons": [("当事人系初次违法，涉案商品仅3盏，违法经营额为人民币1,500.00元，"
                         "危害后果轻微，且已在本局责令改正后及时改正。")],
            "review_body": "中山市人民政府"},
        "referral_letter": {
            "number": "中市监商移字〔2026〕1号",
            "offence": "销售假冒注册商标的商品罪（《中华人民共和国刑法》第二百一十四条）",
            "thresholds": ["销售金额在五万元以上", "尚未销售，货值金额在十五万元以上（以未遂论处）"],
            "reason": "当事人销售金额达人民币60,000.00元，尚未销售的货值金额达人民币180,000.00元，"
                      "涉嫌构成犯罪，依法应当追究刑事责任"},
        "closing_approval": {
            "decision_kind": "penalty", "decision_number": "中市监商罚字〔2026〕3号",
            "fine": "100000.00", "confiscated_value": "8000.00", "paid_amount": "100000.00",
            "paid_on": date(2026, 4, 20), "note": "", "approved_by": "张振华"},
    }[template]
    return {**base, **extra}
