"""A deterministic, labelled set of Vietnamese petition pairs to evaluate the matcher.

    python -m danvan.dedup.pairs --count 2400 --seed 7 --out src/danvan/dedup/data/pairs.jsonl

Petitions are built from short templates (land, compensation, pollution, social
policy, officials' conduct, public services, roads, building without a permit, market
fees, land titles) whose slots are filled with names, villages, plot numbers, amounts
and dates. A positive pair is one case written twice: the second copy loses its
diacritics, gets typos, reordered or dropped sentences, another greeting or closing,
shorthand, other paragraphs or another wording of a sentence. A negative pair is
mostly hard: the same template with another person and other facts (often in the same
village), the same person with another grievance, or the same person and grievance
type about another plot or amount.
"""

from __future__ import annotations

import argparse
import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from danvan.core.jsonio import write_jsonl

Slots = dict[str, str]
# One template: a topic and its body sentences, each given as alternative wordings.
Template = tuple[str, list[tuple[str, ...]]]

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Mai",
]
MIDDLES = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Hữu",
    "Quang",
    "Thanh",
    "Ngọc",
    "Xuân",
    "Công",
    "Thu",
    "Kim",
    "Bá",
    "Đình",
]
GIVENS = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
    "Lộc",
    "Thắng",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyết",
    "Tùng",
    "Hiếu",
    "Lâm",
    "Việt",
    "Toàn",
    "Hoa",
    "Huệ",
    "Đông",
    "Chiến",
    "Thành",
    "Nghĩa",
    "Tín",
    "Loan",
]
PLACES = [
    "Đông Hải",
    "Tân Lập",
    "Phú Mỹ",
    "An Phú",
    "Hòa Bình",
    "Thượng Lâm",
    "Bắc Sơn",
    "Trung Hà",
    "Yên Thịnh",
    "Quỳnh Lâm",
    "Hưng Đạo",
    "Thanh Xuân",
    "Kim Sơn",
    "Gia Phú",
    "Nam Hồng",
    "Cẩm Bình",
    "Thạch Long",
    "Vĩnh Hòa",
    "Định Công",
    "Phước Lộc",
    "Hải Châu",
    "Lạc Long",
    "Minh Khai",
    "Tiên Phong",
    "Đồng Tâm",
    "Xuân Trường",
    "Tam Hiệp",
    "Hợp Thành",
    "Phù Lưu",
    "Đại Đồng",
]
COMPANIES = [
    "Hưng Phát",
    "Thành Công",
    "Phú Thịnh",
    "Minh Long",
    "Việt Tiến",
    "Đại Phong",
    "Hoàng Gia",
    "Sao Mai",
    "Tân Tiến",
    "Phương Nam",
]
PROJECTS = [
    "đường tránh quốc lộ",
    "khu công nghiệp",
    "khu dân cư mới",
    "trường tiểu học",
    "trạm biến áp",
    "kênh thủy lợi",
    "chợ đầu mối",
]
TITLES = ["cán bộ địa chính", "cán bộ tư pháp", "phó chủ tịch", "cán bộ văn phòng"]
PROCEDURES = ["chứng thực hợp đồng", "đăng ký khai sinh", "tách thửa đất", "xin giấy xác nhận"]

GREETINGS = [
    "Kính gửi: UBND xã {commune}.",
    "Kính gửi: Ban tiếp công dân huyện {district}.",
    "",
    "",
    "",
    "",
    "",
]
INTROS = [
    "Tôi tên là {name}, thôn {village}.",
    "Tôi là {name}, xã {commune}.",
    "Tôi tên là {name}, sinh năm {birth}.",
]
PREAMBLES = ["Tôi xin trình bày như sau:", "", "", ""]
CLOSINGS = [
    "Trân trọng cảm ơn!",
    "Xin chân thành cảm ơn.",
    "Ngày {day} tháng {wmonth} năm {wyear}. Người viết đơn {name}",
    "",
    "",
    "",
    "",
]
FILLERS = [
    "Sự việc kéo dài đã lâu.",
    "Gia đình tôi rất bức xúc.",
    "Tôi đã gửi đơn nhưng chưa được trả lời.",
    "Mong các cấp quan tâm.",
]

TEMPLATES: list[Template] = [
    (
        "land_compensation",
        [
            (
                "Năm {year}, nhà tôi bị thu hồi {area} m2 đất thửa {plot}.",
                "Năm {year}, thửa {plot} ({area} m2) nhà tôi bị thu hồi.",
            ),
            (
                "Giá bồi thường {price} đồng/m2 là quá thấp.",
                "Mức bồi thường chỉ {price} đồng/m2, thấp hơn giá thị trường.",
            ),
            (
                "Đã {months} tháng mà tôi chưa nhận tiền hỗ trợ.",
                "Sau {months} tháng tôi vẫn chưa được hỗ trợ chuyển nghề.",
            ),
            ("Đề nghị xem xét lại việc bồi thường.", "Đề nghị huyện bồi thường thỏa đáng."),
        ],
    ),
    (
        "land_boundary",
        [
            (
                "Ngày {date}, ông {other} xây tường lấn thửa {plot} nhà tôi.",
                "Hôm {date}, hộ ông {other} lấn sang thửa {plot} của tôi.",
            ),
            (
                "Thửa đất {area} m2 này nhà tôi dùng từ năm {year}.",
                "Nhà tôi sử dụng ổn định {area} m2 đất đó từ năm {year}.",
            ),
            ("Tường lấn sang {meters} m.", "Phần lấn rộng {meters} m."),
            ("Đề nghị đo đạc lại ranh giới.", "Đề nghị xã xác định lại mốc giới."),
        ],
    ),
    (
        "pollution",
        [
            (
                "Từ {month}/{year}, {company} xả thải ra mương thôn {village}.",
                "Từ tháng {month}/{year}, {company} đổ thải ở thôn {village}.",
            ),
            (
                "Nước bốc mùi hôi, {households} hộ bị ảnh hưởng.",
                "Mùi hôi làm {households} hộ dân khổ sở.",
            ),
            ("Dân đã phản ánh nhiều lần.", "Bà con phản ánh mãi mà không ai xử lý."),
            ("Đề nghị xử lý nghiêm {company}.", "Đề nghị buộc {company} dừng xả thải."),
        ],
    ),
    (
        "social_policy",
        [
            (
                "Từ {month}/{year}, mẹ tôi là bà {relative} bị cắt trợ cấp.",
                "Tháng {month}/{year}, bà {relative} (mẹ tôi) bị dừng trợ cấp.",
            ),
            ("Mẹ tôi {age} tuổi, được {amount} đồng/tháng.", "Mẹ {age} tuổi, hưởng {amount} đồng."),
            ("Không ai thông báo lý do.", "Xã không có thông báo nào."),
            ("Đề nghị chi trả lại trợ cấp.", "Đề nghị khôi phục trợ cấp cho mẹ tôi."),
        ],
    ),
    (
        "official_conduct",
        [
            (
                "Ngày {date}, ông {official} đòi tôi nộp thêm {amount} đồng.",
                "Hôm {date}, cán bộ {official} bắt tôi đưa {amount} đồng.",
            ),
            ("Tôi không đưa nên ông ấy không nhận hồ sơ.", "Vì tôi không nộp, hồ sơ bị trả lại."),
            ("Việc này xảy ra tại UBND xã {commune}.", "Sự việc ở trụ sở xã {commune}."),
            ("Đề nghị xử lý nghiêm cán bộ này.", "Tôi tố cáo và đề nghị kỷ luật ông ấy."),
        ],
    ),
    (
        "water_supply",
        [
            (
                "Thôn {village} mất nước đã {months} tháng.",
                "Đã {months} tháng thôn {village} không có nước.",
            ),
            (
                "Hóa đơn tháng {month}/{year} nhà tôi vẫn là {amount} đồng.",
                "Tháng {month}/{year} tôi vẫn phải trả {amount} đồng tiền nước.",
            ),
            ("Công ty hẹn nhiều lần.", "Công ty hứa mà không làm."),
            ("Đề nghị bảo đảm cấp nước.", "Đề nghị xã đôn đốc công ty."),
        ],
    ),
    (
        "road",
        [
            (
                "Năm {year}, thôn {village} thu {amount} đồng/hộ làm đường.",
                "Năm {year}, mỗi hộ thôn {village} góp {amount} đồng làm đường.",
            ),
            ("Đường dài {km} km, nhiều ổ gà.", "Con đường {km} km đã hư hỏng nặng."),
            ("Ngày {date} có học sinh bị ngã.", "Hôm {date} một em học sinh bị tai nạn."),
            ("Đề nghị công khai tiền đã thu.", "Đề nghị sớm sửa đường."),
        ],
    ),
    (
        "unpermitted_building",
        [
            (
                "Ông {other} xây nhà {floors} tầng không phép ở thửa {plot}.",
                "Hộ ông {other} (thửa {plot}) xây {floors} tầng không phép.",
            ),
            ("Nhà lấn hành lang đường {meters} m.", "Công trình lấn ra đường {meters} m."),
            ("Tôi báo xã từ ngày {date}.", "Ngày {date} tôi đã báo xã."),
            ("Đề nghị đình chỉ thi công.", "Đề nghị xử lý vi phạm."),
        ],
    ),
    (
        "market_fee",
        [
            (
                "Từ {month}/{year}, phí ki-ốt {kiosk} chợ {market} tăng vọt.",
                "Tháng {month}/{year}, ki-ốt số {kiosk} chợ {market} bị tăng phí.",
            ),
            ("Phí tăng từ {amount} lên {amount2} đồng.", "Phí cũ {amount}, nay {amount2} đồng."),
            ("Không có thông báo trước.", "Ban quản lý không báo trước."),
            ("Đề nghị kiểm tra việc thu phí.", "Đề nghị xã xem lại mức phí."),
        ],
    ),
    (
        "land_title_delay",
        [
            (
                "Ngày {date}, tôi nộp hồ sơ cấp sổ đỏ thửa {plot}.",
                "Hôm {date} tôi xin cấp sổ đỏ cho thửa số {plot}.",
            ),
            ("Hồ sơ đã quá hạn {months} tháng.", "Đến nay hồ sơ trễ hẹn {months} tháng."),
            (
                "Bộ phận một cửa huyện {district} chỉ hẹn lại.",
                "Huyện {district} cứ hẹn lần hẹn lữa.",
            ),
            ("Đề nghị sớm giải quyết.", "Mong được cấp giấy sớm."),
        ],
    ),
]

# Shorthand people type on phones, applied to some positive copies.
SHORTHAND = [
    ("Ủy ban nhân dân", "UBND"),
    ("không", "ko"),
    ("được", "đc"),
    ("người", "ng"),
    ("công ty", "cty"),
]

SEED_DIR = Path(__file__).resolve().parent.parent / "consultations" / "data"


def _seed_sentences() -> list[str]:
    """Short sentences from the news seed texts, used now and then as context filler."""
    sentences: list[str] = []
    for index in range(5):
        path = SEED_DIR / f"seed-{index}.txt"
        if not path.exists():
            continue
        text = " ".join(path.read_text("utf-8").split())
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if 40 <= len(sentence) <= 90 and not re.search(r"\d", sentence):
                sentences.append(sentence)
    return sentences


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"


def _amount(rng: random.Random, low: int, high: int, step: int) -> str:
    value = rng.randrange(low, high, step)
    return f"{value:,}".replace(",", ".")


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2021, 2025)}"


def _person(rng: random.Random) -> Slots:
    return {
        "name": _name(rng),
        "birth": str(rng.randint(1950, 1995)),
        "village": rng.choice(PLACES),
        "commune": rng.choice(PLACES),
        "district": rng.choice(PLACES),
    }


def _facts(rng: random.Random) -> Slots:
    """Everything about a case except the person and the place."""
    amount = rng.randrange(200_000, 3_000_000, 50_000)
    return {
        "year": str(rng.randint(2015, 2025)),
        "month": str(rng.randint(1, 12)),
        "date": _date(rng),
        "plot": str(rng.randint(12, 980)),
        "sheet": str(rng.randint(1, 45)),
        "area": str(rng.randrange(80, 2400, 10)),
        "price": _amount(rng, 50_000, 900_000, 5_000),
        "months": str(rng.randint(3, 30)),
        "meters": str(rng.choice(["0,5", "0,8", "1,2", "1,5", "2", "3"])),
        "households": str(rng.randint(12, 160)),
        "age": str(rng.randint(65, 95)),
        "amount": f"{amount:,}".replace(",", "."),
        "amount2": f"{amount + rng.randrange(100_000, 1_500_000, 50_000):,}".replace(",", "."),
        "km": str(rng.choice(["1,5", "2", "2,5", "3", "4", "5"])),
        "floors": str(rng.randint(2, 6)),
        "kiosk": str(rng.randint(1, 120)),
        "days": str(rng.choice([30, 45, 50, 60])),
        "village2": rng.choice(PLACES),
        "company": f"công ty {rng.choice(COMPANIES)}",
        "market": rng.choice(PLACES),
        "project": rng.choice(PROJECTS),
        "other": _name(rng),
        "relative": _name(rng),
        "official": _name(rng),
        "title": rng.choice(TITLES),
        "procedure": rng.choice(PROCEDURES),
    }


def _letter(rng: random.Random) -> Slots:
    """What changes each time a letter is written: its date."""
    return {
        "day": str(rng.randint(1, 28)),
        "wmonth": str(rng.randint(1, 12)),
        "wyear": str(rng.randint(2023, 2026)),
    }


class Case:
    """One grievance: a template, slots and the wording chosen for each sentence."""

    def __init__(self, rng: random.Random, template: Template, slots: Slots) -> None:
        self.topic, self.sentences = template
        self.slots = slots
        self.choice = [rng.randrange(len(options)) for options in self.sentences]
        # The first sentence states the case; another gives a detail (short petitions
        # keep the committed set small).
        self.body = [0]
        if rng.random() < 0.6:
            self.body.append(rng.randrange(1, len(self.sentences)))
        self.greeting = rng.randrange(len(GREETINGS))
        self.intro = rng.randrange(len(INTROS))
        self.preamble = rng.randrange(len(PREAMBLES))
        self.closing = rng.randrange(len(CLOSINGS))

    def render(
        self,
        rng: random.Random,
        *,
        order: list[int] | None = None,
        extra: str = "",
        one_paragraph: bool = False,
    ) -> str:
        slots = {**self.slots, **_letter(rng)}
        head = [GREETINGS[self.greeting], INTROS[self.intro], PREAMBLES[self.preamble]]
        indices = order if order is not None else self.body
        body = [self.sentences[i][self.choice[i]] for i in indices]
        if extra:
            body.insert(rng.randint(0, len(body)), extra)
        parts = [p.format(**slots) for p in [*head, *body, CLOSINGS[self.closing]] if p]
        return (" " if one_paragraph else "\n").join(parts)


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def _typos(rng: random.Random, text: str, count: int) -> str:
    words = text.split(" ")
    for _ in range(count):
        candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if not candidates:
            break
        index = rng.choice(candidates)
        word = words[index]
        pos = rng.randrange(1, len(word) - 1)
        kind = rng.randrange(3)
        if kind == 0:  # two letters swapped
            word = word[: pos - 1] + word[pos] + word[pos - 1] + word[pos + 1 :]
        elif kind == 1:  # a letter missing
            word = word[:pos] + word[pos + 1 :]
        else:  # a letter doubled
            word = word[:pos] + word[pos] + word[pos:]
        words[index] = word
    return " ".join(words)


def _shorthand(rng: random.Random, text: str) -> str:
    for long, short in SHORTHAND:
        if rng.random() < 0.6:
            text = text.replace(long, short)
    return text


def _resend(rng: random.Random, case: Case, fillers: list[str]) -> str:
    """The same case written again, with the changes people make when they resend."""
    copy = Case.__new__(Case)
    copy.__dict__.update(case.__dict__)
    copy.choice = list(case.choice)
    for index, options in enumerate(case.sentences):
        if rng.random() < 0.25:
            copy.choice[index] = rng.randrange(len(options))
    if rng.random() < 0.6:
        copy.greeting = rng.randrange(len(GREETINGS))
        copy.closing = rng.randrange(len(CLOSINGS))
        copy.preamble = rng.randrange(len(PREAMBLES))
    if rng.random() < 0.3:
        copy.intro = rng.randrange(len(INTROS))
    order = list(case.body)
    if len(order) > 1 and rng.random() < 0.3:
        # Never the first sentence: it states the case.
        order.remove(rng.choice(order[1:]))
    elif rng.random() < 0.2:
        order.append(rng.choice([i for i in range(len(case.sentences)) if i not in order]))
    if rng.random() < 0.4:
        rng.shuffle(order)
    extra = rng.choice(fillers) if rng.random() < 0.2 else ""
    text = copy.render(rng, order=order, extra=extra, one_paragraph=rng.random() < 0.8)
    if rng.random() < 0.3:
        text = _shorthand(rng, text)
    if rng.random() < 0.45:
        text = _strip_diacritics(text)
    if rng.random() < 0.5:
        text = _typos(rng, text, rng.randint(1, 4))
    if rng.random() < 0.08:
        text = text.lower()
    return text


def _negative(rng: random.Random, case: Case, person: Slots) -> Case:
    """A different case that looks like ``case``."""
    kind = rng.random()
    if kind < 0.55:
        # Same grievance type, another person and other facts, often the same village.
        other = _person(rng)
        if rng.random() < 0.6:
            other.update({k: person[k] for k in ("village", "commune", "district")})
        slots = {**other, **_facts(rng)}
        template: Template = (case.topic, case.sentences)
    elif kind < 0.85:
        # Same person, another grievance.
        template = rng.choice([t for t in TEMPLATES if t[0] != case.topic])
        slots = {**person, **_facts(rng)}
    else:
        # Same person and grievance type, another plot, amount, date: another case.
        # Redrawn until the sentence stating the case reads differently.
        template = (case.topic, case.sentences)
        slots = dict(case.slots)
        for _attempt in range(20):
            new = {k: v for k, v in _facts(rng).items() if k in _NUMERIC}
            slots = {**case.slots, **new}
            if all(opt.format(**slots) != opt.format(**case.slots) for opt in case.sentences[0]):
                break
    other_case = Case(rng, template, slots)
    if rng.random() < 0.5:
        # Same wording as the first letter, so only the facts tell them apart.
        other_case.choice = list(case.choice[: len(other_case.choice)])
        other_case.greeting, other_case.closing = case.greeting, case.closing
        other_case.intro, other_case.preamble = case.intro, case.preamble
    return other_case


_NUMERIC = {
    *("plot", "sheet", "area", "amount", "amount2", "date", "year", "month", "kiosk"),
    *("months", "households", "floors", "days", "meters", "km", "age", "price"),
}


def generate_pairs(*, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` labelled pairs, about half positive, the same for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    fillers = FILLERS + _seed_sentences()
    pairs: list[dict[str, Any]] = []
    for index in range(count):
        person = _person(rng)
        case = Case(rng, rng.choice(TEMPLATES), {**person, **_facts(rng)})
        first = case.render(rng, one_paragraph=rng.random() < 0.8)
        positive = index % 2 == 0
        if positive:
            second = _resend(rng, case, fillers)
        else:
            other = _negative(rng, case, person)
            second = other.render(rng, one_paragraph=rng.random() < 0.8)
            if rng.random() < 0.3:
                second = _strip_diacritics(second)
        a, b = (first, second) if rng.random() < 0.5 else (second, first)
        pairs.append({"a": a, "b": b, "label": positive})
    rng.shuffle(pairs)
    return pairs


def main(argv: list[str] | None = None, *, echo: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description="Sinh tập cặp đơn có nhãn (JSONL).")
    parser.add_argument("--count", type=int, default=2400, help="Số cặp (mặc định 2400).")
    parser.add_argument("--seed", type=int, default=7, help="Hạt giống ngẫu nhiên.")
    parser.add_argument("--out", type=Path, required=True, help="Tệp JSONL để ghi.")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count phải là số nguyên dương")
    pairs = generate_pairs(count=args.count, seed=args.seed)
    write_jsonl(pairs, args.out)
    echo(f"Đã ghi {len(pairs)} cặp vào {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
