"""The topic classifier: clear texts with and without diacritics, keyword-only topics,
inactive topics, the low-confidence rule and the per-process cache."""

from __future__ import annotations

from typing import Any

import pytest

from danvan.core.text import fold
from danvan.topics import classifier
from danvan.topics.classifier import Example, TopicModel, decide
from danvan.topics.models import Topic
from danvan.topics.services import save_topic

# Written for these tests; none of them is in the training or the evaluation file.
CLEAR = {
    "land": "Nhà nước thu hồi đất ruộng của gia đình tôi nhưng tiền bồi thường, hỗ trợ "
    "tái định cư quá thấp so với giá đất thị trường.",
    "environment": "Nhà máy xả nước thải đen ngòm ra sông, mùi hôi thối khắp xóm, cá chết "
    "trắng mặt nước, ô nhiễm môi trường nghiêm trọng.",
    "social_policy": "Mẹ tôi 85 tuổi bị cắt trợ cấp xã hội, nhà tôi là hộ nghèo mà không "
    "được cấp thẻ bảo hiểm y tế.",
    "officials_conduct": "Cán bộ xã vòi tiền người dân, có thái độ hách dịch, nhũng nhiễu "
    "khi giải quyết hồ sơ; tôi tố cáo hành vi tiêu cực này.",
    "public_services": "Tôi nộp hồ sơ đăng ký khai sinh ở bộ phận một cửa đã quá hẹn hai "
    "tuần; dịch vụ công trực tuyến thì báo lỗi.",
    "infrastructure": "Đường liên thôn xuống cấp, nhiều ổ gà, cống thoát nước bị vỡ nên "
    "mưa xuống là ngập, đề nghị sửa đường.",
    "other": "Nhà hàng xóm hát karaoke đến nửa đêm, trong thôn xảy ra trộm cắp gà vịt, "
    "đề nghị giữ gìn an ninh trật tự.",
}


def best(text: str) -> str | None:
    suggestions = classifier.suggest_topics(text)
    return suggestions[0][0].code if suggestions else None


@pytest.mark.parametrize("code", sorted(CLEAR))
def test_clear_texts_get_their_topic(topics: dict[str, Topic], code: str) -> None:
    assert best(CLEAR[code]) == code


@pytest.mark.parametrize("code", sorted(CLEAR))
def test_same_texts_without_diacritics(topics: dict[str, Topic], code: str) -> None:
    plain = fold(CLEAR[code])
    assert plain != CLEAR[code].lower()
    assert best(plain) == code


def test_suggestions_are_ranked_probabilities(topics: dict[str, Topic]) -> None:
    suggestions = classifier.suggest_topics(CLEAR["land"], limit=3)
    assert len(suggestions) == 3
    probabilities = [p for _topic, p in suggestions]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(0.0 < p < 1.0 for p in probabilities)
    assert all(isinstance(t, Topic) for t, _p in suggestions)


@pytest.mark.parametrize("text", ["", "   ", "...!!!", "\n\t"])
def test_text_without_words_gets_nothing(topics: dict[str, Topic], text: str) -> None:
    assert classifier.suggest_topics(text) == []


@pytest.mark.usefixtures("fresh_model")
def test_keyword_only_topic_is_suggested(topics: dict[str, Topic]) -> None:
    # Schools are in no template and in no other topic's keywords.
    Topic.objects.create(
        code="education",
        name="Giáo dục",
        keywords="học phí, giáo viên, trường học, học sinh, học thêm, sách giáo khoa",
        order=70,
    )
    text = "Trường học thu học phí cao, giáo viên ép học sinh đi học thêm và mua sách giáo khoa."
    assert best(text) == "education"
    assert best(fold(text)) == "education"
    # It does not take over the other topics.
    assert best(CLEAR["land"]) == "land"
    assert best(CLEAR["environment"]) == "environment"


@pytest.mark.usefixtures("fresh_model")
def test_inactive_topic_is_never_suggested(topics: dict[str, Topic]) -> None:
    land = topics["land"]
    land.is_active = False
    land.save()
    for text in [CLEAR["land"], fold(CLEAR["land"]), "thu hồi đất, bồi thường, sổ đỏ"]:
        codes = [t.code for t, _p in classifier.suggest_topics(text, limit=10)]
        assert "land" not in codes
    assert all(p.code != "land" for p in classifier.predict(list(CLEAR.values())))


@pytest.mark.usefixtures("fresh_model")
def test_model_is_rebuilt_only_when_the_topics_change(
    topics: dict[str, Topic], make_user: Any
) -> None:
    first = classifier.current_model()
    assert classifier.current_model() is first
    admin = make_user("system_admin")
    other = topics["other"]
    other.keywords += ", lễ hội đình làng"
    save_topic(actor=admin, topic=other)
    assert classifier.current_model() is not first


def test_no_active_topic_means_no_suggestion(topics: dict[str, Topic], fresh_model: None) -> None:
    Topic.objects.update(is_active=False)
    assert classifier.suggest_topics(CLEAR["land"]) == []
    assert classifier.predict([CLEAR["land"]])[0].code is None


def test_low_confidence_rule() -> None:
    flat = {"land": 0.25, "environment": 0.2, "other": 0.15, "social_policy": 0.4 - 0.0001}
    confident = decide(flat, other_active=True)
    assert confident.code == "social_policy"
    assert confident.confident
    unclear = {"land": 0.29, "environment": 0.28, "other": 0.23, "social_policy": 0.2}
    fallback = decide(unclear, other_active=True)
    assert (fallback.code, fallback.probability, fallback.confident) == ("other", 0.23, False)
    assert decide(unclear, other_active=False).code is None
    assert decide(None, other_active=True).code is None


def test_training_is_deterministic() -> None:
    examples = [
        Example("đất đai thu hồi bồi thường", "land"),
        Example("ô nhiễm nước thải mùi hôi", "environment"),
        Example("trợ cấp hộ nghèo", "social_policy"),
        Example("đất ở tái định cư", "land"),
    ]
    texts = ["bồi thường đất", "nước thải", "hộ nghèo"]
    assert TopicModel(examples).predict(texts) == TopicModel(examples).predict(texts)


def test_a_single_topic_takes_every_text() -> None:
    model = TopicModel([Example("đất đai", "land")])
    assert model.predict(["bất kỳ", ""]) == [{"land": 1.0}, None]
    with pytest.raises(ValueError, match="no examples"):
        TopicModel([Example("...", "land")])


def test_keyword_lists_accept_commas_semicolons_and_lines() -> None:
    assert classifier.keyword_list("a, b;c\n d ,,") == ["a", "b", "c", "d"]
    weights = [e.weight for e in classifier.keyword_examples("x", "a, b")]
    assert sum(weights) == pytest.approx(classifier.KEYWORD_WEIGHT)
    assert classifier.keyword_examples("x", " , ") == []
