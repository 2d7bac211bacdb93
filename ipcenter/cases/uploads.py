"""The kinds of file a case's parties and handlers upload, shared by the case kinds."""

from __future__ import annotations

from ipcenter.matters import BOTH, HANDLER, PARTY, UploadKind
from ipcenter.matters.models import DocAudience

# Kinds of uploaded file: their title, who may open them and who may add them. The centre's own
# records (hearing, inspection and inquiry records) are the handlers' alone.
UPLOAD_KINDS = {
    "proof_of_right": UploadKind("权利证明（专利证书、年费缴纳凭证）", DocAudience.PARTIES,
                                 frozenset({PARTY})),
    "evidence": UploadKind("侵权证据", DocAudience.PARTIES, BOTH),
    "identity": UploadKind("主体资格证明", DocAudience.PARTIES, frozenset({PARTY})),
    "answer": UploadKind("答辩书及证据", DocAudience.PARTIES, frozenset({PARTY})),
    "invalidation_notice": UploadKind("无效宣告请求受理通知书", DocAudience.PARTIES, BOTH),
    "hearing_record": UploadKind("口头审理笔录", DocAudience.PARTIES, frozenset({HANDLER})),
    "authorisation": UploadKind("代理授权委托书", DocAudience.FILER, frozenset({PARTY})),
    "authenticity": UploadKind("假冒鉴定证明", DocAudience.FILER, BOTH),
    "undertaking": UploadKind("承诺书", DocAudience.FILER, frozenset({PARTY})),
    "inspection_record": UploadKind("现场笔录", DocAudience.CENTRE, frozenset({HANDLER})),
    "inquiry_record": UploadKind("询问笔录", DocAudience.CENTRE, frozenset({HANDLER})),
    "other": UploadKind("其他材料", DocAudience.FILER, BOTH),
}
