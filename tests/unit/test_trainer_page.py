"""The trainer's page (kernel side): refused without the secret, class start, roster, controls,
live class view, exports."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from cxwidgets import i18n
from cxwidgets.classroom import store as class_store
from cxwidgets.widgets.classroom.trainer import TrainerPage, join_url, qr_svg
from cxwidgets.widgets.exercise import user_clicks, user_sets

pytestmark = pytest.mark.usefixtures("chinese")
SECRET = "trainer-secret-for-tests"
KANO = "03/kano_questionnaire"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("CX_WORKBOOK_DIR", str(tmp_path))
    monkeypatch.setenv("CX_TRAINER_TOKEN", SECRET)
    monkeypatch.delenv("CX_TRAINER", raising=False)
    monkeypatch.delenv("CX_CLASS_DB", raising=False)
    class_store._STORES.clear()
    yield class_store.default_store()
    class_store._STORES.clear()


def trainer(store) -> TrainerPage:
    return TrainerPage(token=SECRET, store=store, public_url="http://10.0.0.5:8866", poll=False)


def kano_value(pairs: dict[str, tuple[int, int]]) -> dict:
    from cxwidgets import kano

    codes = kano.feature_codes()
    answers = [[None, None] for _ in codes]
    for feature, pair in pairs.items():
        answers[codes.index(feature)] = list(pair)
    return {"features": None, "answers": answers}


def test_without_the_secret_the_page_refuses_and_reads_nothing(store, tmp_path):
    page = TrainerPage(token="wrong", store=store, poll=False)
    assert not page.allowed
    assert "cx-msg-error" in page.refused.value
    assert not (tmp_path / class_store.DB_NAME).exists()
    assert not hasattr(page, "start_button")
    assert not TrainerPage(token=None, poll=False).allowed  # no ?token= at all


def test_a_trainer_starts_a_class_and_sees_who_joined(store):
    page = trainer(store)
    assert page.code is None and page.start_button.layout.display != "none"
    user_clicks(page.start_button)
    code = page.code
    assert code and f'data-code="{code}"' in page.join.value
    assert join_url("http://10.0.0.5:8866", code) in page.join.value
    assert "<svg" in page.join.value and "<?xml" not in page.join.value
    store.join(code, "张三", "k" * 20)
    store.join(code, "李四", "m" * 20)
    page.refresh()
    assert 'data-joined="2"' in page.roster.value and 'data-connected="2"' in page.roster.value
    assert "张三" not in page.roster.value  # names hidden by default
    user_sets(page.names, True)
    assert "张三" in page.roster.value and store.class_info(code).show_names


def test_the_class_view_follows_the_answers_and_never_shows_ids_while_names_are_hidden(store):
    page = trainer(store)
    user_clicks(page.start_button)
    code = page.code
    a = store.join(code, "张三", "k" * 20).member.learner
    b = store.join(code, "李四", "m" * 20).member.learner
    store.publish(code, a, KANO, kano_value({"speed_as_promised": (2, 5)}))
    page.refresh()
    dashboard = page.dashboards["03"]
    assert 'data-answered="1"' in dashboard.status.value
    store.publish(code, b, KANO, kano_value({"speed_as_promised": (2, 5)}))
    page.refresh()
    assert 'data-answered="2"' in dashboard.status.value
    table = dashboard.result["table"].set_index("feature")
    assert table.loc["speed_as_promised", "M"] == 2
    assert table.loc["speed_as_promised", "category"] == "M"


def test_reveal_lock_and_a_new_round(store):
    page = trainer(store)
    user_clicks(page.start_button)
    code = page.code
    a = store.join(code, "张三", "k" * 20).member.learner
    store.publish(code, a, KANO, kano_value({"repair_2h": (1, 5)}))
    user_sets(page.reveal, True)
    assert store.control(code, "03").revealed
    assert page.reveal.description == i18n.t("live.trainer.revealed")
    user_sets(page.section, KANO)
    user_sets(page.lock, True)
    assert store.control(code, KANO).locked
    user_clicks(page.reset_button)
    assert store.control(code, KANO).round == 1
    assert store.answers(code, "03") == {}
    page.refresh()
    assert 'data-answered="0"' in page.dashboards["03"].status.value
    user_sets(page.lock, False)
    assert not store.control(code, KANO).locked


def test_exports_give_every_answer_in_csv_and_xlsx(store):
    page = trainer(store)
    user_clicks(page.start_button)
    code = page.code
    a = store.join(code, "张三", "k" * 20).member.learner
    store.publish(code, a, KANO, kano_value({"repair_2h": (1, 5)}))
    store.publish(code, a, "09/coach", {"text": '=HYPERLINK("http://x","click")'})
    page.refresh()
    frame = pd.read_csv(io.BytesIO(page.download_csv.producer()), encoding="utf-8-sig")
    assert list(frame.columns) == ["class", "name", "learner", "section", "value"]
    assert set(frame["section"]) == {KANO, "09/coach"}
    assert (frame["name"] == "张三").all() and (frame["class"] == code).all()
    coach = json.loads(frame.loc[frame["section"] == "09/coach", "value"].iloc[0])
    assert coach["text"].startswith("=HYPERLINK")  # the learner's text, inside its JSON cell
    sheets = pd.read_excel(io.BytesIO(page.download_xlsx.producer()), sheet_name=None)
    assert set(sheets) == {"answers", "members"}
    assert sheets["members"]["name"].tolist() == ["张三"]


def test_the_page_follows_the_language(store):
    page = trainer(store)
    user_clicks(page.start_button)
    i18n.set_language("en")
    assert page.start_button.description == "Start a class"
    assert "Class code" in page.join.value
    i18n.set_language("zh-CN")


def test_the_qr_code_is_svg_made_offline():
    svg = qr_svg("http://10.0.0.5:8866/voila/render/00_home.ipynb?class=ABCDEF")
    assert svg.startswith("<svg") and "<path" in svg


def test_the_trainer_hides_an_inappropriate_text_everywhere(store):
    page = trainer(store)
    user_clicks(page.start_button)
    code = page.code
    a = store.join(code, "张三", "k" * 20).member.learner
    from cxwidgets import recovery

    first_two = [item["id"] for item in recovery.content()["situations"]][:2]
    replies = dict(zip(first_two, ["这个不归我管，你找别人吧", "您好，我马上为您查询"], strict=True))
    store.publish(code, a, "09/coach", {"replies": replies})
    user_sets(page.lecture, "09")
    dashboard = page.dashboards["09"]
    texts = [entry["text"] for entry in dashboard.entries()]
    assert sorted(texts) == sorted(replies.values())
    assert "#1" in dashboard.texts.value and "张三" not in dashboard.texts.value
    assert page.moderation.layout.display != "none"
    first = page.entry.value
    user_clicks(page.hide_button)
    assert (a, first[1], first[2]) in store.hidden(code)
    assert len(dashboard.entries()) == len(texts) - 1
    user_clicks(page.unhide_button)
    assert store.hidden(code) == set()
