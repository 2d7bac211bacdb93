"""Patent disputes (专利侵权纠纷): the catalogue of official documents — each template's title,
the data it takes, a complete sample.

The data of each patent-dispute document (``patent.kind.document_data``). Every
template gets:

- ``office``: the issuing office, e.g. ``中山市市场监督管理局``
- ``number``: the 文号 (``中市监知裁字〔2026〕12号``) or ``None``
- ``title``: the document's name, e.g. ``专利侵权纠纷处理决定书``
- ``issued_on``: ``date``, the 成文日期
- ``verify_code``: 12 characters (``ipcenter.core.documents`` chooses it), printed in the footer
- ``site_url``: the site's address without a trailing slash, for ``<site>/verify/<code>``
- ``case``: ``{number, title, patent_number, patent_kind (Chinese label: 发明/实用新型/外观设计;
  a trailing 专利 is tolerated),
  patent_title, filed_on (date), accepted_on (date or None)}``
- ``requesters``, ``respondents``: lists of ``{name, address, uscc, legal_representative,
  agent}`` (any but ``name`` may be empty)
- ``panel``: list of ``{name, role}`` (role: 审理组长 / 审理员 …; the one whose role contains
  组长 signs the extension form)
- ``periods``: the periods the documents print, ``{clock kind: "15d" …}`` (``periods()``: the
  workflow's ``DEADLINES``, and ``extension``, the longest extension)
- optional ``addressees``: list of names to head a notice (default: by document, see templates)

and, per template:

- ``acceptance_notice``: nothing more (it names no panel: the 合议组成员告知书 does)
- ``panel_notice``: ``members`` (list of ``{name, role}``, the presiding member first), the
  panel as formed when the notice was issued
- ``refusal_notice``: ``reasons`` (list of str)
- ``answer_notice``: nothing more (the period is ``periods.answer``)
- ``hearing_notice``: ``hearing_at`` (aware ``datetime``; naive means Beijing time),
  ``hearing_place``
- ``suspension_notice``: ``reason``, ``invalidation_ref`` (the national office's case number of
  the invalidation request, or ``None``)
- ``resumption_notice``: ``reason``; optional ``suspended_on`` (date)
- ``mediation_agreement``: ``terms`` (list of str), ``amount`` (``Decimal`` in 元 or ``None``)
- ``extension_approval``: ``reason``, ``original_due``, ``new_due`` (dates), ``approved_by``;
  optional ``approved_on`` (date, default ``issued_on``)
- ``decision``: ``requester_statement``, ``respondent_statement``, ``findings``, ``basis``
  (str, paragraphs separated by newlines, or lists of str), ``infringement`` (bool),
  ``stop_order`` = ``{acts, object, scope}`` (used when ``infringement``), ``articles`` (the
  专利法 articles applied, printed: ``第十一条第一款、第六十四条第一款、第六十五条``); the
  period to sue is ``periods.suit``; optional ``draft`` (True: a preview for approval, marked
  as a draft, with no verification code)
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ipcenter.cases import samples
from ipcenter.cases.patent import workflow
from ipcenter.core.clock import CHINA

TITLES = {
    "acceptance_notice": "受理通知书",
    "panel_notice": "合议组成员告知书",
    "refusal_notice": "不予受理通知书",
    "answer_notice": "答辩通知书",
    "hearing_notice": "口头审理通知书",
    "suspension_notice": "中止处理通知书",
    "resumption_notice": "恢复处理通知书",
    "mediation_agreement": "调解协议书",
    "extension_approval": "延长审理期限审批表",
    "decision": "专利侵权纠纷处理决定书",
}
TEMPLATES = tuple(TITLES)


def periods() -> dict[str, str]:
    """The periods patent documents print, read from the workflow's tables."""
    return {**{kind: rule.period for kind, rule in workflow.DEADLINES.items()},
            "extension": workflow.MAX_EXTENSION}


def sample_data(template: str) -> dict:
    """A complete example of the data each patent template takes (tests, benchmark, previews)."""
    base = {
        **samples.heading(TITLES[template], "中市监知裁字〔2026〕12号"),
        "periods": periods(),
        "case": {
            "number": "中市监知裁字〔2026〕12号",
            "title": "中山市明辉照明科技有限公司与中山市古镇星耀灯饰厂侵犯实用新型专利权纠纷案",
            "patent_number": "ZL202020123456.7",
            "patent_kind": "实用新型",
            "patent_title": "一种散热型LED吸顶灯",
            "filed_on": date(2026, 1, 8),
            "accepted_on": date(2026, 1, 12),
        },
        "requesters": [{
            "name": "中山市明辉照明科技有限公司",
            "address": "广东省中山市古镇镇东兴中路12号",
            "uscc": "91442000MA4UABCD1X",
            "legal_representative": "陈明辉",
            "agent": "李华，专利代理师",
        }],
        "respondents": [{
            "name": "中山市古镇星耀灯饰厂",
            "address": "广东省中山市古镇镇曹三工业区68号",
            "uscc": "92442000MA5XYZ987P",
            "legal_representative": "黄志强",
            "agent": "",
        }],
        "panel": [{"name": "梁文涛", "role": "审理组长"}, {"name": "何静", "role": "审理员"},
                  {"name": "吴建国", "role": "审理员"}],
    }
    extra = {
        "acceptance_notice": {},
        "panel_notice": {"members": [{"name": "梁文涛", "role": "组长"},
                                     {"name": "何静", "role": "合议组成员"},
                                     {"name": "吴建国", "role": "合议组成员"}]},
        "refusal_notice": {"reasons": [
            "请求人未能提交涉案专利有效的权属证明，不能证明其为专利权人或者利害关系人；",
            "请求书未写明被请求人的名称、住所等基本信息，被请求人不明确。"]},
        "answer_notice": {},
        "hearing_notice": {"hearing_at": datetime(2026, 4, 10, 9, 30, tzinfo=CHINA),
                           "hearing_place": "中国中山（灯饰）知识产权快速维权中心第一审理庭"
                                            "（中山市古镇镇中兴大道南1号）"},
        "suspension_notice": {"reason": "被请求人已就涉案专利向国家知识产权局提出无效宣告请求，"
                                        "并已提交国家知识产权局出具的无效宣告请求受理通知书",
                              "invalidation_ref": "4W123456"},
        "resumption_notice": {"reason": "国家知识产权局已就涉案专利的无效宣告请求作出审查决定，"
                                        "维持该专利权有效",
                              "suspended_on": date(2026, 2, 2)},
        "mediation_agreement": {"terms": [
            "上述赔偿款由被请求人于本协议签订之日起10日内一次性支付至请求人指定的账户；",
            ("被请求人确认其制造、销售的型号为XY-368的吸顶灯落入请求人ZL202020123456.7号"
             "实用新型专利权的保护范围，自本协议签订之日起立即停止制造、销售、许诺销售该产品；"),
            "被请求人于2026年3月20日前将全部库存产品及专用模具交由请求人监督销毁；",
            "双方就本案专利侵权纠纷再无其他争议。"],
            "amount": Decimal("50000.00")},
        "extension_approval": {"number": None,
                               "reason": "本案涉及技术特征比对复杂，需委托技术鉴定，"
                                         "在法定期限内难以审结",
                               "original_due": date(2026, 4, 12),
                               "new_due": date(2026, 5, 12),
                               "approved_by": "张振华",
                               "approved_on": date(2026, 4, 3)},
        "decision": _sample_decision(),
    }[template]
    return {**base, **extra}


def _sample_decision() -> dict:
    return {
        "requester_statement": [
            ("请求人称：被请求人未经许可，制造型号为XY-368的吸顶灯，并在其网店及展销会上销售、"
             "许诺销售，该产品落入涉案专利权利要求1的保护范围，请求责令其立即停止侵权行为。"),
        ],
        "respondent_statement": [
            ("被请求人辩称：被诉侵权产品的散热鳍片为平行排列，未落入涉案专利权的保护范围；"
             "其散热结构属于现有技术。"),
        ],
        "findings": [
            ("经审理查明：涉案专利合法有效。经当庭拆解比对，被诉侵权产品的散热鳍片整体呈放射状分布，"
             "具备权利要求1的全部技术特征。被请求人未提交现有技术的证据。"),
        ],
        "basis": [
            ("本局认为，被请求人未经许可，为生产经营目的制造、销售、许诺销售落入涉案专利权保护范围"
             "的产品，构成侵犯专利权。"),
        ],
        "infringement": True,
        "articles": "第十一条第一款、第六十四条第一款、第六十五条",
        "stop_order": {"acts": "制造、销售、许诺销售",
                       "object": "型号为XY-368的吸顶灯（即被诉侵权产品）",
                       "scope": "被请求人的全部库存产品、专用模具，以及其在各电子商务平台上的"
                                "全部在售链接"},
    }
