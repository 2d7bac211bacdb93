"""The shapes of the API's requests and answers (marshmallow), from which flask-smorest writes
the OpenAPI document. Shape only: what a field must look like. Whether the decision is allowed,
the amount within the limits, the instalment unpaid, is the services' answer."""

from __future__ import annotations

import base64
import binascii

import marshmallow as ma
from marshmallow import fields, validate

from ipcenter.pledge.forms import CHECKLIST


class Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE   # a misspelt field is refused, not silently ignored


class Money(fields.Decimal):
    """An amount in yuan to the fen, or a rate, as a string ("1000000.03"): a JSON number
    would be a float, and money is never one. Documented as ``type: string, format:
    decimal`` (``api.init_app`` registers it)."""

    def __init__(self, **kwargs):
        super().__init__(as_string=True, **kwargs)


class Base64(fields.String):
    """A file's bytes as base64 (RFC 4648, line breaks allowed), decoded to ``bytes``;
    documented as ``type: string, format: byte`` (``api.init_app`` registers it). What the
    bytes are, and how many may be sent, is the view's and the store's to say."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = "".join(super()._deserialize(value, attr, data, **kwargs).split())
        try:
            return base64.b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise ma.ValidationError("不是有效的 base64 编码。") from None

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else base64.b64encode(value).decode("ascii")


class ErrorSchema(ma.Schema):
    error = fields.String(required=True, metadata={"description": "原因（中文）"})
    fields = fields.Dict(metadata={"description": "各字段的问题（请求内容不符合说明时）"})


MONEY = validate.Regexp(r"^[0-9]{1,12}(\.[0-9]{1,2})?$",
                        error="金额以元为单位，最多两位小数。")


class InstalmentSchema(ma.Schema):
    seq = fields.Integer(required=True)
    due_on = fields.Date(required=True)
    principal = Money(required=True)
    interest = Money(required=True)
    paid_on = fields.Date(allow_none=True)


class PledgedRightSchema(ma.Schema):
    number = fields.String(required=True)
    title = fields.String(required=True)
    valuation = Money(allow_none=True)


class ApplicationSchema(ma.Schema):
    id = fields.Integer(required=True)
    number = fields.String(allow_none=True)
    title = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    borrower = fields.String(required=True)
    amount = Money(required=True)
    term_months = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    approved_amount = Money(allow_none=True)
    approved_rate = Money(allow_none=True)
    approved_term_months = fields.Integer(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    decline_reason = fields.String()
    rights = fields.List(fields.Nested(PledgedRightSchema))
    instalments = fields.List(fields.Nested(InstalmentSchema))


class ApplicationListSchema(ma.Schema):
    items = fields.List(fields.Nested(ApplicationSchema), required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    total = fields.Integer(required=True)


class ListArgs(Strict):
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    state = fields.String(validate=validate.Length(max=30))


class DecisionSchema(Strict):
    decision = fields.String(required=True, validate=validate.OneOf(["approve", "decline"]))
    amount = fields.String(validate=MONEY, metadata={"description": "批准金额（元），批准时必填"})
    rate = fields.String(validate=validate.Regexp(r"^0\.[0-9]{1,6}$",
                                                  error="年利率以小数表示，如 0.0385。"),
                         metadata={"description": "年利率（小数，如 0.0385），批准时必填"})
    term_months = fields.Integer(validate=validate.Range(1, 120),
                                 metadata={"description": "期限（月），批准时必填"})
    checklist = fields.List(fields.String(validate=validate.OneOf(sorted(CHECKLIST))),
                            validate=validate.Length(max=len(CHECKLIST)),
                            metadata={"description": "已完成的审核项（批准时须全部完成）"})
    reason = fields.String(validate=validate.Length(max=2000),
                           metadata={"description": "不予批准的理由，拒绝时必填"})


class RepaymentSchema(Strict):
    seq = fields.Integer(required=True, validate=validate.Range(1, 1200),
                         metadata={"description": "期次"})
    paid_on = fields.Date(required=True, metadata={"description": "还款日"})


class RespondentSchema(Strict):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    address = fields.String(load_default="", validate=validate.Length(max=300))
    uscc = fields.String(load_default="", validate=validate.Length(max=18),
                         metadata={"description": "统一社会信用代码（可不填）"})


# The documents a firm sends with its complaint: those the filing page takes (the proof of right,
# the evidence) and those a filer may add on the case's page (``cases.uploads``).
COMPLAINT_FILE_KINDS = ("proof_of_right", "evidence", "identity", "authorisation", "other")


class ComplaintFileSchema(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(COMPLAINT_FILE_KINDS),
                         metadata={"description": "材料类别：proof_of_right 权利证明（专利证书、"
                                                  "年费缴纳凭证，必交）、evidence 侵权证据、"
                                                  "identity 主体资格证明、authorisation "
                                                  "代理授权委托书、other 其他材料"})
    filename = fields.String(required=True, validate=validate.Length(1, 200),
                             metadata={"description": "文件名，如 专利证书.pdf"})
    content_base64 = Base64(required=True,
                            metadata={"description": "文件内容（base64）：PDF、JPEG 或 PNG，"
                                                     "以内容判断类型"})


class RequesterSchema(Strict):
    name = fields.String(required=True, validate=validate.Length(1, 200),
                         metadata={"description": "权利人名称"})
    uscc = fields.String(required=True, validate=validate.Length(1, 30),
                         metadata={"description": "权利人统一社会信用代码"})
    address = fields.String(required=True, validate=validate.Length(1, 300),
                            metadata={"description": "权利人地址"})


REQUESTER_DESCRIPTION = ("权利人（请求人）。代理机构、电商平台等代理用户代权利人投诉时必填，"
                         "按统一社会信用代码对应系统中的企业，未登记的按所填信息登记；"
                         "企业用户为本企业投诉，不填或填本企业，填其他企业则拒绝（422）")


class ComplaintSchema(Strict):
    patent_number = fields.String(required=True, validate=validate.Length(1, 40),
                                  metadata={"description": "专利号，如 ZL202020123456.8"})
    patent_title = fields.String(required=True, validate=validate.Length(1, 300))
    claim = fields.String(required=True, validate=validate.Length(1, 5000))
    facts = fields.String(required=True, validate=validate.Length(1, 20000))
    respondent = fields.Nested(RespondentSchema, required=True)
    requester_contact = fields.String(load_default="", validate=validate.Length(max=200))
    requester = fields.Nested(RequesterSchema, metadata={"description": REQUESTER_DESCRIPTION})
    files = fields.List(fields.Nested(ComplaintFileSchema), required=True,
                        validate=validate.Length(1, 20),
                        metadata={"description": "随投诉提交的材料，须含权利证明"})
    client_token = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_-]{8,64}$"),
                                 metadata={"description": "幂等键：同一键再次提交返回原案件"})


# The documents a trademark complaint may carry: those a complainant adds to its case (a foreign
# holder's authorisation of its Chinese agency, the authenticity certificate, the undertaking).
TRADEMARK_FILE_KINDS = ("proof_of_right", "evidence", "identity", "authorisation",
                        "authenticity", "undertaking", "other")


class TrademarkFileSchema(ComplaintFileSchema):
    kind = fields.String(required=True, validate=validate.OneOf(TRADEMARK_FILE_KINDS),
                         metadata={"description": "材料类别：proof_of_right 商标注册证、"
                                                  "evidence 侵权证据、identity 主体资格证明、"
                                                  "authorisation 代理授权委托书、authenticity "
                                                  "假冒鉴定证明、undertaking 承诺书、"
                                                  "other 其他材料"})


class MarkSchema(Strict):
    registration_number = fields.String(required=True, validate=validate.Length(1, 10),
                                        metadata={"description": "商标注册号"})
    nice_class = fields.Integer(required=True, validate=validate.Range(1, 45),
                                metadata={"description": "尼斯分类，1–45"})
    holder = fields.String(required=True, validate=validate.Length(1, 200),
                           metadata={"description": "注册人"})
    text = fields.String(required=True, validate=validate.Length(1, 200),
                         metadata={"description": "商标文字"})


class TrademarkComplaintSchema(Strict):
    marks = fields.List(fields.Nested(MarkSchema), required=True,
                        validate=validate.Length(1, 10),
                        metadata={"description": "被侵犯的注册商标"})
    respondent = fields.Nested(RespondentSchema, required=True,
                               metadata={"description": "当事人（涉嫌侵权者）"})
    party_kind = fields.String(load_default="organisation",
                               validate=validate.OneOf(["organisation", "person"]),
                               metadata={"description": "当事人是单位（organisation）还是"
                                                        "自然人（person）"})
    facts = fields.String(required=True, validate=validate.Length(1, 50000),
                          metadata={"description": "投诉事实"})
    foreign_holder = fields.Boolean(load_default=False,
                                    metadata={"description": "外国权利人通过中国代理机构投诉："
                                                             "须附代理授权委托书、假冒鉴定证明"
                                                             "和承诺书"})
    requester = fields.Nested(RequesterSchema, metadata={"description": REQUESTER_DESCRIPTION})
    files = fields.List(fields.Nested(TrademarkFileSchema), load_default=list,
                        validate=validate.Length(max=20),
                        metadata={"description": "随投诉提交的材料：商标注册证与侵权证据"})
    client_token = fields.String(validate=validate.Regexp(r"^[A-Za-z0-9_-]{8,64}$"),
                                 metadata={"description": "幂等键：同一键再次提交返回原案件"})


class ComplaintDocumentSchema(ma.Schema):
    kind = fields.String(required=True)
    title = fields.String(required=True)
    filename = fields.String(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)


class ComplaintResultSchema(ma.Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    submitted_at = fields.DateTime(allow_none=True)
    acceptance_due_on = fields.Date(allow_none=True,
                                    metadata={"description": "中心决定是否立案的期限"})
    documents = fields.List(fields.Nested(ComplaintDocumentSchema), required=True)
    url = fields.String(required=True, metadata={"description": "案件页面"})


class DocumentSchema(ma.Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    number = fields.String(allow_none=True)
    office = fields.String(required=True)
    issued_at = fields.DateTime(required=True)
    sha256 = fields.String(required=True)
    size = fields.Integer(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class VerificationSchema(ma.Schema):
    status = fields.String(required=True, validate=validate.OneOf(["valid", "revoked"]))
    document = fields.Nested(DocumentSchema, required=True)


class StatisticsArgs(Strict):
    year = fields.String(validate=validate.Length(max=10))
    quarter = fields.String(validate=validate.Length(max=10))
    month = fields.String(validate=validate.Length(max=10))


class StatisticsSchema(ma.Schema):
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    cases = fields.Dict(keys=fields.String(), required=True)
    loans = fields.Dict(keys=fields.String(), required=True)
    prexam = fields.Dict(keys=fields.String(), required=True)
    pool = fields.Dict(keys=fields.String(), required=True)
    open_cases = fields.Integer(required=True)
