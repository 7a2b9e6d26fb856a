"""CXError messages: translated on demand, nested errors included."""

from __future__ import annotations

import re

import pytest

from cxwidgets import i18n, tables
from cxwidgets import journey as J
from cxwidgets.errors import CXError

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


pytestmark = pytest.mark.usefixtures("chinese")


def test_a_nested_error_follows_the_language_asked_for():
    inner = CXError("journey.error.score_not_number", value="'abc'", position=2)
    outer = CXError("journey.error.bad_row", row=3, message=inner)  # raised in zh-CN
    english_inner = i18n.t("journey.error.score_not_number", "en", value="'abc'", position=2)
    chinese_inner = i18n.t("journey.error.score_not_number", "zh-CN", value="'abc'", position=2)
    assert outer.message("en") == i18n.t(
        "journey.error.bad_row", "en", row=3, message=english_inner
    )
    assert outer.message("zh-CN") == i18n.t(
        "journey.error.bad_row", "zh-CN", row=3, message=chinese_inner
    )
    assert not CJK.search(outer.message("en"))


def test_str_of_an_error_follows_a_language_switch():
    outer = CXError(
        "journey.error.bad_row", row=3, message=CXError("journey.error.empty_touchpoint_name")
    )
    i18n.set_language("en")
    assert str(outer) == outer.message("en")
    assert f"{outer}" == outer.message("en") and not CJK.search(f"{outer}")


def test_a_bad_row_of_an_uploaded_journey_reads_in_english_after_the_fact():
    content = "stage,touchpoint,kind\n到店,门头,physical\nshop,greeting,robot\n".encode()
    with pytest.raises(CXError) as info:
        J.from_frame(tables.read_table(content, "journey.csv"))  # raised while zh-CN is active
    english = info.value.message("en")
    assert info.value.key == "journey.error.bad_row"
    assert info.value.params["message"].key == "journey.error.bad_kind"
    assert english.startswith("Row 3:")
    assert not CJK.search(english), english


def test_the_message_widget_retranslates_a_nested_error_on_a_language_switch():
    from cxwidgets.widgets.common import Message

    content = b"stage,touchpoint,emotion:now\nshop,door,2\nshop,greeting,abc\n"
    with pytest.raises(CXError) as info:
        J.from_frame(tables.read_table(content, "journey.csv"))
    message = Message()
    message.show_error(info.value)
    assert CJK.search(message.value)
    i18n.set_language("en")
    assert "Row 3:" in message.value and not CJK.search(message.value), message.value
