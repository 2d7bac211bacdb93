"""A refused form that carried files says they must be chosen again; a success message says
what happened, with the number the step gave (已立案。案号：中市监知裁字〔2026〕N号)."""

from __future__ import annotations

import io
import re

from ipcenter.cases.patent.workflow import S
from tests.cases.conftest import PDF, walk
from tests.conftest import csrf_from, login


def test_a_refused_filing_says_the_files_must_be_chosen_again(client, cast):
    login(client, "huahui")
    html = client.get("/cases/new").get_data(as_text=True)
    token = re.search(r'name="client_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/cases/new", data={
        "csrf_token": csrf_from(html), "client_token": token,
        "patent_number": "ZL202020123456.1",  # a wrong check digit
        "patent_title": "一种LED吸顶灯", "respondent_org": str(cast.respondent.organisation_id),
        "respondent_name": "", "claim": "请求责令停止侵权", "facts": "被请求人销售侵权产品",
        "proof_of_right": (io.BytesIO(PDF), "证书.pdf")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "您选择的文件未保留（证书.pdf），请重新选择后再提交。" in page


def test_accepting_says_the_case_number(client, db, cast):
    case = walk(db, cast, S.SUBMITTED)
    db.session.flush()
    login(client, "judge1")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    client.post(f"/cases/{case.id}/act/accept", data={
        "csrf_token": csrf_from(html),
        **{k: "y" for k in ("standing", "definite", "no_court", "competence")}})
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"已立案。案号：{case.number}" in page
