"""Patent adjudication after 2025: periods not counted (公告, 鉴定, 中止) as dated events, the
panel notice, the draft the director reads, compliance or court enforcement after the period to
sue, the articles a decision applies and the parties' addresses."""

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from werkzeug.datastructures import FileStorage

from ipcenter import matters
from ipcenter.cases.patent import services
from ipcenter.cases.patent.models import PatentPause
from ipcenter.cases.patent.workflow import S
from ipcenter.core import timelimits
from ipcenter.core.errors import InvalidInput, InvalidTransition
from ipcenter.core.formatting import zh_date
from tests.cases.conftest import PDF, at, walk
from tests.conftest import login


def _file(name="鉴定委托书.pdf"):
    return FileStorage(stream=io.BytesIO(PDF), filename=name, content_type="application/pdf")


def _decision_clock(case):
    (row,) = timelimits.open_for("case", case.id, "decision")
    return row


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


# ------------------------------------------------------------------ periods not counted

def test_appraisal_moves_the_decision_limit_by_its_days(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    before = _decision_clock(case).due_on            # 立案 3 March → 3 June 2026
    assert before == date(2026, 6, 3)
    pause = services.start_pause(case, cast.judges[0], at(10), "appraisal",
                                 "委托技术鉴定散热结构", date(2026, 3, 10), _file())
    assert _decision_clock(case).paused_on == date(2026, 3, 10)
    services.end_pause(case, cast.judges[0], at(30), pause.id, "鉴定意见：落入保护范围",
                       date(2026, 3, 30), _file("鉴定意见书.pdf"))
    db.session.flush()
    row = _decision_clock(case)
    # 20 days (10 March to 29 March) are not counted.
    assert row.paused_on is None and row.due_on == date(2026, 6, 23)
    assert pause.days == 20 and pause.start_document.kind == "pause_document"
    assert pause.end_document.filename.endswith(".pdf")


def test_overlapping_periods_are_counted_once(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    judge = cast.judges[0]
    appraisal = services.start_pause(case, judge, at(10), "appraisal", "鉴定",
                                     date(2026, 3, 10), _file())
    notice = services.start_pause(case, judge, at(20), "announcement", "公告送达",
                                  date(2026, 3, 20), _file("公告.pdf"))
    services.end_pause(case, judge, at(25), appraisal.id, "鉴定完成", date(2026, 3, 25))
    assert _decision_clock(case).paused_on is not None   # the announcement still runs
    services.end_pause(case, judge, at(40), notice.id, "公告期满", date(2026, 4, 9))
    # One span, 10 March to 8 April: 30 days, not 15 + 20.
    assert _decision_clock(case).due_on == date(2026, 7, 3)


def test_suspension_is_a_period_with_its_notices(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    matters.attach(case, "invalidation_notice", io.BytesIO(PDF), "受理通知书.pdf",
                   cast.respondent, at(7))
    services.suspend(case, cast.judges[0], at(8), "无效宣告请求已受理", "4W111111")
    services.resume(case, cast.judges[0], at(18), "无效宣告审查决定维持有效")
    (pause,) = case.pauses
    assert pause.kind == "suspension" and pause.days == 10
    assert pause.start_document.template == "suspension_notice"
    assert pause.end_document.template == "resumption_notice"
    # 3 June + 10 days is Saturday 13 June: the limit falls on Monday 15 June.
    assert _decision_clock(case).due_on == date(2026, 6, 15)


@pytest.mark.parametrize("change, message", [
    ({"kind": "hearing"}, "公告或鉴定"),
    ({"reason": "  "}, "理由"),
    ({"started_on": date(2026, 3, 1)}, "立案日期（2026年3月3日）"),
    ({"started_on": date(2026, 12, 1)}, "不能晚于今天"),
    ({"upload": None}, "鉴定委托书"),
])
def test_bad_period_refused_and_nothing_written(db, cast, change, message):
    case = walk(db, cast, S.EXAMINATION)
    args = {"kind": "appraisal", "reason": "鉴定", "started_on": None, "upload": _file(), **change}
    docs = len(case.documents)
    with pytest.raises(InvalidInput) as info:
        services.start_pause(case, cast.judges[0], at(10), args["kind"], args["reason"],
                             args["started_on"], args["upload"])
    assert message in str(info.value.message)
    assert case.pauses == [] and len(case.documents) == docs
    assert _decision_clock(case).paused_on is None


def test_draft_waits_for_the_appraisal(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    services.start_pause(case, cast.judges[0], at(10), "appraisal", "鉴定", None, _file())
    with pytest.raises(InvalidTransition) as info:
        services.draft_decision(case, cast.judges[0], at(30), services.DecisionData(
            findings="不构成侵权", basis="现有技术", infringement=False))
    assert "鉴定" in str(info.value.message)


def test_pauses_on_the_case_page(db, cast, client):
    case = walk(db, cast, S.EXAMINATION)
    services.start_pause(case, cast.judges[0], at(10), "appraisal", "委托技术鉴定散热结构",
                         date(2026, 3, 10), _file())
    login(client, cast.judges[0].username)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="pauses"' in page and "委托技术鉴定散热结构" in page
    assert "2026年3月10日" in page and "鉴定" in page
    assert 'data-testid="decision-due"' in page


# ------------------------------------------------------------------ panel notice

def test_panel_notice_is_its_own_pdf_and_acceptance_names_no_panel(db, cast, app):
    from ipcenter.cases import rendering
    from ipcenter.core import storage

    case = walk(db, cast, S.ACCEPTED)
    docs = {d.template: d for d in case.documents if d.kind == "official"}
    for template in ("acceptance_notice", "panel_notice"):
        rendering.render(docs[template].id, at(1))
    accepted = _text(storage.path_for(docs["acceptance_notice"].sha256).read_bytes())
    panel = _text(storage.path_for(docs["panel_notice"].sha256).read_bytes())
    assert cast.judges[0].display_name not in accepted and "另行" in accepted
    assert "合议组成员告知书" in panel and "回避" in panel
    for judge in cast.judges[:3]:
        assert judge.display_name in panel
    assert docs["panel_notice"].number == case.number


# ------------------------------------------------------------------ the decision

def test_decision_cites_the_articles_found(db, cast):
    from ipcenter.cases import rendering
    from ipcenter.core import storage

    case = walk(db, cast, S.DECIDED)
    (doc,) = [d for d in case.documents if d.template == "decision"]
    rendering.render(doc.id, at(31))
    text = _text(storage.path_for(doc.sha256).read_bytes())
    assert "第十一条第一款、第六十四条第一款、第六十五条" in text


@pytest.mark.parametrize("articles, message", [
    ((), "第十一条第一款"),                    # an order to stop needs Art. 11(1)
    (("11.2",), "不适用于本案专利的类型"),       # a utility model, not a design
    (("11.1", "67"), "与本处理结果不符"),        # prior art is a ground to dismiss
    (("99",), "从列表中选择"),
])
def test_articles_that_do_not_fit_refused(db, cast, articles, message):
    case = walk(db, cast, S.EXAMINATION)
    with pytest.raises(InvalidInput) as info:
        services.draft_decision(case, cast.judges[0], at(30), services.DecisionData(
            findings="构成侵权", basis="理由", infringement=True, stop_acts="制造",
            stop_object="MY-2026", stop_scope="全部", articles=articles))
    assert message in str(info.value.message)
    assert case.state == S.EXAMINATION and case.findings == ""


def test_decision_needs_every_partys_address(db, cast):
    case = walk(db, cast, S.DECISION_DRAFTED)
    respondent = case.respondents[0]
    respondent.address = ""
    db.session.flush()
    with pytest.raises(InvalidTransition) as info:
        services.approve_decision(case, cast.director, at(31))
    assert respondent.name in str(info.value.message) and "住所" in str(info.value.message)
    assert case.state == S.DECISION_DRAFTED
    with pytest.raises(InvalidInput):
        services.record_address(case, cast.judges[0], at(31), respondent.id, "  ")
    services.record_address(case, cast.judges[0], at(31), respondent.id, "中山市古镇镇中兴大道1号")
    services.approve_decision(case, cast.director, at(31))
    assert case.state == S.DECIDED


def test_director_reads_the_draft_and_its_pdf(db, cast, client):
    case = walk(db, cast, S.DECISION_DRAFTED)
    login(client, cast.director.username)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="draft-decision"' in page
    assert "被诉产品落入权利要求1的保护范围。" in page and "第十一条第一款" in page
    assert "MY-2026型吸顶灯" in page and f"/cases/{case.id}/decision-preview" in page
    response = client.get(f"/cases/{case.id}/decision-preview")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _text(response.data)
    assert "草" in text and "未经批准不得印发" in text and "/verify/" not in text
    assert "第十一条第一款、第六十四条第一款、第六十五条" in text
    # Nothing was issued by reading it.
    assert [d.template for d in case.documents if d.template == "decision"] == []


def test_draft_preview_closed_to_parties(db, cast, client):
    case = walk(db, cast, S.DECISION_DRAFTED)
    login(client, cast.respondent.username)
    assert client.get(f"/cases/{case.id}/decision-preview").status_code == 403


def test_draft_preview_only_of_a_draft(db, cast, client):
    login(client, cast.director.username)
    other = walk(db, cast, S.EXAMINATION)
    assert client.get(f"/cases/{other.id}/decision-preview").status_code == 404


# ------------------------------------------------------------------ after the period to sue

def test_final_opens_the_three_month_enforcement_clock(db, cast):
    case = walk(db, cast, S.FINAL)
    (row,) = timelimits.open_for("case", case.id, "enforcement")
    suit = services.facts(case, at(50)).suit_window_end
    assert row.starts_on == suit and row.due_on >= date(suit.year, suit.month + 3, suit.day)
    with pytest.raises(InvalidTransition) as info:
        services.close(case, cast.judges[0], at(51))
    assert "强制执行" in str(info.value.message)
    assert case.state == S.FINAL


def test_compliance_then_close(db, cast):
    case = walk(db, cast, S.FINAL)
    with pytest.raises(InvalidTransition):
        services.record_compliance(case, cast.judges[0], at(51), " ")
    services.record_compliance(case, cast.judges[0], at(51), "已停止销售", date(2026, 4, 21))
    assert case.state == S.COMPLIED and case.complied_on == date(2026, 4, 21)
    assert timelimits.open_for("case", case.id, "enforcement") == []
    services.close(case, cast.judges[0], at(52))
    assert case.state == S.CLOSED


def test_enforcement_application_in_time_and_late(db, cast):
    case = walk(db, cast, S.FINAL)
    with pytest.raises(InvalidInput):
        services.apply_enforcement(case, cast.judges[0], at(60), " ")
    due = timelimits.open_for("case", case.id, "enforcement")[0].due_on
    suit = services.facts(case, at(60)).suit_window_end
    late = (due - at(0).date()).days + 5
    demanded = suit + timedelta(days=3)
    with pytest.raises(InvalidInput) as info:         # no demand to comply (行政强制法 Art. 54)
        services.apply_enforcement(case, cast.judges[0], at(late), "中山市第一人民法院", due)
    assert "催告书" in str(info.value.message)
    with pytest.raises(InvalidInput) as info:         # filed less than 10 days after it
        services.apply_enforcement(case, cast.judges[0], at(late), "中山市第一人民法院",
                                   demanded + timedelta(days=9), demanded_on=demanded)
    assert zh_date(demanded + timedelta(days=10)) in str(info.value.message)
    with pytest.raises(InvalidInput) as info:         # a demand before the period to sue ended
        services.apply_enforcement(case, cast.judges[0], at(late), "中山市第一人民法院", due,
                                   demanded_on=suit)
    assert "起诉期限" in str(info.value.message)
    with pytest.raises(InvalidTransition) as info:
        services.apply_enforcement(case, cast.judges[0], at(late), "中山市第一人民法院",
                                   demanded_on=demanded)
    assert "三个月" in str(info.value.message) and case.state == S.FINAL
    assert case.enforcement_applied_on is None
    # Entered late, but filed in time: the day filed is what counts.
    services.apply_enforcement(case, cast.judges[0], at(late), "中山市第一人民法院",
                               due, "被请求人仍在销售", demanded_on=demanded)
    assert case.enforcement_demanded_on == demanded
    assert case.state == S.ENFORCEMENT_REQUESTED and case.enforcement_applied_on == due
    with pytest.raises(InvalidTransition):
        services.close(case, cast.judges[0], at(late + 1))
    services.close(case, cast.judges[0], at(late + 1), "法院裁定准予执行，已执行完毕")
    assert case.state == S.CLOSED


def test_a_dismissal_closes_when_final(db, cast):
    case = walk(db, cast, S.EXAMINATION)
    services.draft_decision(case, cast.judges[0], at(30), services.DecisionData(
        findings="被诉产品采用现有技术", basis="现有技术抗辩成立", infringement=False,
        articles=("67",)))
    services.approve_decision(case, cast.director, at(31))
    services.serve_decision(case, cast.judges[0], at(32))
    services.finalize(case, cast.judges[0], at(50))
    assert timelimits.open_for("case", case.id, "enforcement") == []
    with pytest.raises(InvalidTransition):
        services.record_compliance(case, cast.judges[0], at(51), "无")
    services.close(case, cast.judges[0], at(51))
    assert case.state == S.CLOSED


# ------------------------------------------------------------------ through the page

def _post(client, case_id, name, data=None, **kwargs):
    from tests.conftest import csrf_from

    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    return client.post(f"/cases/{case_id}/act/{name}",
                       data={"csrf_token": csrf_from(html), **(data or {})}, **kwargs)


def test_period_through_the_page_refused_then_recorded(client, db, cast, app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-03-20T10:00:00+08:00")
    case = walk(db, cast, S.EXAMINATION)
    login(client, "judge1")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "/act/start_pause" in page and "/act/end_pause" not in page
    # No document: refused in Chinese, nothing written.
    response = _post(client, case.id, "start_pause", {
        "kind": "appraisal", "reason": "委托鉴定", "started_on": "2026-03-10"})
    assert response.status_code == 400
    assert "鉴定委托书" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(type(case), case.id).pauses == []
    response = _post(client, case.id, "start_pause", {
        "kind": "appraisal", "reason": "委托鉴定", "started_on": "2026-03-10",
        "file": (io.BytesIO(PDF), "鉴定委托书.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    case = db.session.get(type(case), case.id)
    (pause,) = case.pauses
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "/act/end_pause" in page
    response = _post(client, case.id, "end_pause", {
        "pause": str(pause.id), "outcome": "鉴定意见已出具", "ended_on": "2026-03-09"})
    assert response.status_code == 400
    assert "不能早于其起始日期（2026年3月10日）" in response.get_data(as_text=True)
    response = _post(client, case.id, "end_pause", {
        "pause": str(pause.id), "outcome": "鉴定意见已出具", "ended_on": "2026-03-18"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(PatentPause, pause.id).ended_on == date(2026, 3, 18)


def test_compliance_through_the_page(client, db, cast, app, monkeypatch):
    monkeypatch.setitem(app.config, "IPCENTER_FIXED_NOW", "2026-04-25T10:00:00+08:00")
    case = walk(db, cast, S.FINAL)
    login(client, "judge1")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "/act/record_compliance" in page and "/act/apply_enforcement" in page
    assert "/act/close" not in page
    response = _post(client, case.id, "record_compliance", {"reason": ""})
    assert response.status_code == 400
    response = _post(client, case.id, "record_compliance", {"reason": "现场检查：已停止销售"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(case), case.id).state == S.COMPLIED
