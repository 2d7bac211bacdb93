"""The kinds of file a case's parties and handlers upload: each case kind's own set (a
trademark case is offered no patent certificate, a patent case no authenticity certificate of
a foreign mark), and ``UPLOAD_KINDS``, every kind's, for what reads them all."""

from __future__ import annotations

from ipcenter.matters import BOTH, HANDLER, PARTY, UploadKind
from ipcenter.matters.models import DocAudience

_PARTY = frozenset({PARTY})
_HANDLER = frozenset({HANDLER})

# What both kinds share. The centre's own records (inspection and inquiry records) are the
# handlers' alone.
_SHARED = {
    "evidence": UploadKind("侵权证据", DocAudience.PARTIES, BOTH),
    "identity": UploadKind("主体资格证明", DocAudience.PARTIES, _PARTY),
    "authorisation": UploadKind("代理授权委托书", DocAudience.FILER, _PARTY),
    "inspection_record": UploadKind("现场笔录", DocAudience.CENTRE, _HANDLER),
    "inquiry_record": UploadKind("询问笔录", DocAudience.CENTRE, _HANDLER),
    "other": UploadKind("其他材料", DocAudience.FILER, BOTH),
}

# 专利侵权纠纷行政裁决: the patent and its annuity, the respondent's answer, the notice that
# an invalidation request was accepted (suspension), the oral hearing's record.
PATENT_UPLOAD_KINDS = {
    "proof_of_right": UploadKind("权利证明（专利证书、年费缴纳凭证）", DocAudience.PARTIES, _PARTY),
    **{k: _SHARED[k] for k in ("evidence", "identity")},
    "answer": UploadKind("答辩书及证据", DocAudience.PARTIES, _PARTY),
    "invalidation_notice": UploadKind("无效宣告请求受理通知书", DocAudience.PARTIES, BOTH),
    "hearing_record": UploadKind("口头审理笔录", DocAudience.PARTIES, _HANDLER),
    **{k: _SHARED[k] for k in ("authorisation", "inspection_record", "inquiry_record", "other")},
}

# 商标侵权行政查处: the registration, a foreign holder's three papers (authorisation,
# authenticity, undertaking), the hearing's record.
TRADEMARK_UPLOAD_KINDS = {
    "proof_of_right": UploadKind("权利证明（商标注册证）", DocAudience.PARTIES, _PARTY),
    **{k: _SHARED[k] for k in ("evidence", "identity", "authorisation")},
    "authenticity": UploadKind("假冒鉴定证明", DocAudience.FILER, BOTH),
    "undertaking": UploadKind("承诺书", DocAudience.FILER, _PARTY),
    "hearing_record": UploadKind("听证笔录", DocAudience.PARTIES, _HANDLER),
    **{k: _SHARED[k] for k in ("inspection_record", "inquiry_record", "other")},
}

# Every kind's (the patent titles where both have a kind): what the kinds' specs used before
# each named its own.
UPLOAD_KINDS = {**TRADEMARK_UPLOAD_KINDS, **PATENT_UPLOAD_KINDS}
