"""Synthetic Vietnamese petition text for the benchmark.

The letters are built from templates written for this benchmark (land compensation,
site clearance, environment, officials' conduct, social policy, infrastructure,
grassroots democracy) with slots for people, places, dates and amounts. Each letter
ends with an appeal whose wording is a clause taken from the seed texts
(../shared/seeds beside the repository, Vietnamese news reports on citizen reception and grassroots
democracy), used as vocabulary: the seeds are not reproduced as letters.

Everything is drawn from a ``random.Random`` passed in, so a seed gives the same text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

SURNAMES = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + ["Hoàng", "Huỳnh"] * 3
    + ["Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"] * 2
    + ["Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lưu", "Mai", "Tạ", "Lò", "Hà", "Sầm"]
)
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Thanh", "Bá"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Mỹ"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hiếu", "Hùng", "Khoa", "Lâm",
    "Long", "Mạnh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành",
    "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Hòa", "Lộc", "Thịnh",
]  # fmt: skip
GIVEN_FEMALE = [
    "Anh", "Bích", "Chi", "Dung", "Duyên", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan",
    "Liên", "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo",
    "Thủy", "Trang", "Tuyết", "Vân", "Xuân", "Yến", "Lệ", "Huệ",
]  # fmt: skip

VILLAGE_WORDS = ["thôn", "thôn", "ấp", "bản", "tổ dân phố", "khu phố", "xóm"]
PROJECTS = [
    "đường vành đai {n}",
    "khu dân cư {place}",
    "cụm công nghiệp {place}",
    "hồ chứa nước {place}",
    "nâng cấp, mở rộng quốc lộ {n}",
    "khu tái định cư {place}",
    "trường mầm non {place}",
    "đường liên xã {place}",
    "trạm biến áp 110 kV {place}",
    "kè chống sạt lở bờ sông {place}",
    "khu đô thị mới {place}",
    "nhà văn hóa {place}",
]
OFFICIALS = [
    "cán bộ địa chính xã",
    "công chức tư pháp - hộ tịch",
    "trưởng thôn",
    "Phó Chủ tịch UBND xã",
    "cán bộ phụ trách chính sách xã hội",
    "cán bộ Ban quản lý dự án",
    "công chức văn phòng - thống kê",
    "cán bộ phụ trách xây dựng, giao thông",
]
ENV_SOURCES = [
    "cơ sở chăn nuôi lợn",
    "xưởng chế biến gỗ",
    "lò đốt rác thải sinh hoạt",
    "cơ sở sản xuất gạch thủ công",
    "nhà máy chế biến thủy sản",
    "bãi tập kết cát, sỏi",
    "xưởng tái chế nhựa",
    "cơ sở giết mổ gia súc",
]
ENV_HARMS = [
    "xả nước thải chưa qua xử lý ra kênh thủy lợi",
    "gây mùi hôi thối nồng nặc vào ban đêm",
    "gây tiếng ồn lớn kéo dài đến khuya",
    "làm bụi bay vào nhà dân và trường học",
    "khiến cá trong ao của các hộ dân chết hàng loạt",
    "đổ trộm chất thải rắn ra ven đường",
]
POLICIES = [
    "trợ cấp người có công với cách mạng",
    "hỗ trợ hộ nghèo, hộ cận nghèo",
    "trợ cấp xã hội hằng tháng cho người cao tuổi",
    "bảo hiểm y tế cho người dân tộc thiểu số",
    "hỗ trợ người khuyết tật",
    "hỗ trợ nhà ở cho hộ gia đình có hoàn cảnh khó khăn",
    "hỗ trợ học phí cho học sinh vùng khó khăn",
]
WORKS = [
    "tuyến đường liên thôn",
    "cầu dân sinh qua suối",
    "hệ thống thoát nước khu dân cư",
    "hệ thống đèn chiếu sáng công cộng",
    "kênh mương nội đồng",
    "đường vào trường tiểu học",
    "trạm cấp nước sinh hoạt tập trung",
]
FUNDS = [
    "quỹ xây dựng nhà văn hóa thôn",
    "khoản đóng góp làm đường giao thông nông thôn",
    "kinh phí hỗ trợ khắc phục hậu quả thiên tai",
    "quỹ phòng, chống thiên tai",
    "khoản thu dịch vụ vệ sinh môi trường",
]


class _Slots(dict[str, object]):
    """Template values, each drawn the first time a template asks for it."""

    def __init__(self, makers: dict[str, Callable[[], object]], **fixed: object) -> None:
        super().__init__(**fixed)
        self.makers = makers

    def __missing__(self, key: str) -> object:
        value = self[key] = self.makers[key]()
        return value


@dataclass(frozen=True)
class Topic:
    key: str
    subjects: tuple[str, ...]
    facts: tuple[str, ...]


TOPICS: dict[str, Topic] = {
    "land": Topic(
        "land",
        (
            "Về mức bồi thường, hỗ trợ khi thu hồi đất thực hiện dự án {project}",
            "Về việc áp giá bồi thường đất nông nghiệp tại {village}",
            "Về việc chưa được cấp giấy chứng nhận quyền sử dụng đất thửa số {parcel}",
            "Về tranh chấp ranh giới thửa đất với hộ liền kề tại {village}",
        ),
        (
            "Gia đình tôi có thửa đất số {parcel}, tờ bản đồ số {sheet}, diện tích {area} m², "
            "sử dụng ổn định từ năm {since}, không có tranh chấp.",
            "Năm {year}, Nhà nước thu hồi {part} m² để thực hiện dự án {project} nhưng đơn giá "
            "bồi thường chỉ {price} nghìn đồng/m², thấp hơn nhiều so với giá thị trường.",
            "Phương án bồi thường không tính phần tài sản trên đất gồm {trees} cây ăn quả "
            "và công trình phụ đã xây dựng trước thời điểm thông báo thu hồi đất.",
            "Hộ liền kề đã xây tường rào lấn sang phần đất của gia đình tôi khoảng {small} m², "
            "thôn đã hòa giải {times} lần nhưng không thành.",
            "Hồ sơ đề nghị cấp giấy chứng nhận nộp tại bộ phận một cửa từ ngày {date} "
            "đến nay đã quá hạn mà chưa có trả lời bằng văn bản.",
        ),
    ),
    "clearance": Topic(
        "clearance",
        (
            "Về việc cưỡng chế giải phóng mặt bằng dự án {project}",
            "Về việc chưa bố trí tái định cư cho các hộ bị giải tỏa tại {village}",
            "Về việc chậm chi trả tiền bồi thường giải phóng mặt bằng",
        ),
        (
            "Ngày {date}, tổ công tác giải phóng mặt bằng đến đo đạc, kiểm đếm nhưng không "
            "thông báo trước và không có biên bản giao cho gia đình.",
            "Đến nay đã {months} tháng kể từ khi bàn giao mặt bằng, {households} hộ dân "
            "chúng tôi vẫn chưa được nhận đủ tiền bồi thường, hỗ trợ.",
            "Khu tái định cư {place} chưa có đường điện, nước sạch nên các hộ không thể "
            "chuyển đến ở, phải thuê nhà tạm với chi phí {rent} triệu đồng mỗi tháng.",
            "Quyết định cưỡng chế được ban hành khi gia đình vẫn đang khiếu nại phương án "
            "bồi thường và chưa được tổ chức đối thoại.",
        ),
    ),
    "environment": Topic(
        "environment",
        (
            "Về tình trạng ô nhiễm do {source} tại {village}",
            "Phản ánh {source} {harm}",
            "Về việc đổ rác thải trái phép tại khu vực {village}",
        ),
        (
            "Từ tháng {month}/{year}, {source} hoạt động ở gần khu dân cư {village} đã {harm}.",
            "Người dân đã nhiều lần phản ánh với thôn và xã nhưng tình trạng vẫn tiếp diễn, "
            "ảnh hưởng đến sức khỏe của khoảng {households} hộ gia đình.",
            "Nhiều trẻ em và người cao tuổi trong xóm bị ho, viêm đường hô hấp; nguồn nước "
            "giếng khoan của các hộ có màu và mùi lạ.",
            "Chúng tôi đề nghị kiểm tra giấy phép môi trường của cơ sở và công khai kết quả "
            "quan trắc cho người dân được biết.",
        ),
    ),
    "conduct": Topic(
        "conduct",
        (
            "Về hành vi nhũng nhiễu của {official}",
            "Về thái độ làm việc không đúng mực của {official} khi tiếp công dân",
            "Về việc {official} thu tiền không có biên lai",
        ),
        (
            "Khi đến làm thủ tục ngày {date}, tôi được {official} yêu cầu nộp thêm {fee} "
            "nghìn đồng ngoài mức lệ phí quy định và không được cấp biên lai.",
            "Hồ sơ của gia đình bị trả lại {times} lần với lý do khác nhau, mỗi lần chỉ "
            "hướng dẫn một phần, gây mất thời gian và tốn kém chi phí đi lại.",
            "Tại buổi tiếp công dân, {official} có lời nói thiếu tôn trọng, không ghi nhận "
            "ý kiến và không hướng dẫn người dân gửi đơn đến đúng cơ quan có thẩm quyền.",
            "Việc xét duyệt hồ sơ có biểu hiện ưu ái người thân, không công khai danh sách "
            "tại nhà văn hóa {village} theo quy định.",
        ),
    ),
    "social": Topic(
        "social",
        (
            "Về việc xét duyệt chế độ {policy}",
            "Kiến nghị xem xét lại danh sách hưởng {policy} năm {year}",
            "Về việc cắt chế độ {policy} không rõ lý do",
        ),
        (
            "Gia đình tôi thuộc diện được hưởng {policy} nhưng hồ sơ nộp từ tháng "
            "{month}/{year} đến nay vẫn chưa được xét.",
            "Danh sách bình xét tại {village} năm {year} có {cases} trường hợp không đúng "
            "đối tượng, trong khi nhiều hộ thực sự khó khăn lại không có tên.",
            "Từ tháng {month}, khoản hỗ trợ {amount} nghìn đồng mỗi tháng bị dừng chi trả "
            "mà gia đình không nhận được thông báo hay quyết định nào.",
            "Mẹ tôi năm nay {age} tuổi, sống một mình, không có nguồn thu nhập ổn định.",
        ),
    ),
    "infrastructure": Topic(
        "infrastructure",
        (
            "Kiến nghị sửa chữa {work} tại {village}",
            "Phản ánh chất lượng thi công {work} mới đưa vào sử dụng",
            "Về việc {work} xuống cấp, gây mất an toàn",
        ),
        (
            "{work_cap} tại {village} dài khoảng {length} m đã xuống cấp nghiêm trọng, "
            "nhiều ổ gà, mùa mưa ngập sâu {depth} cm.",
            "Công trình khởi công năm {year} với tổng mức đầu tư {budget} tỷ đồng nhưng "
            "mới sử dụng {months} tháng đã nứt, sụt lún nhiều đoạn.",
            "Đã xảy ra {times} vụ tai nạn, trong đó có học sinh đi học về bị ngã xe.",
            "Nhân dân sẵn sàng đóng góp ngày công và hiến đất để mở rộng nếu được "
            "chính quyền hỗ trợ vật liệu.",
        ),
    ),
    "democracy": Topic(
        "democracy",
        (
            "Đề nghị công khai {fund}",
            "Về việc không lấy ý kiến Nhân dân trước khi triển khai dự án {project}",
            "Về việc thu, chi {fund} tại {village}",
        ),
        (
            "Năm {year}, mỗi hộ ở {village} đóng {fee} nghìn đồng vào {fund} nhưng đến nay "
            "chưa được công khai số tiền đã thu, đã chi.",
            "Hội nghị thôn ngày {date} chỉ thông báo chủ trương, không cho người dân thảo "
            "luận, biểu quyết theo Luật Thực hiện dân chủ ở cơ sở.",
            "Ban thanh tra nhân dân đã kiến nghị nhưng chưa được trả lời bằng văn bản.",
            "Biên bản họp ghi {share}% hộ đồng ý, trong khi thực tế nhiều hộ không được mời "
            "dự họp.",
        ),
    ),
}
TOPIC_WEIGHTS = {
    "land": 30,
    "clearance": 14,
    "environment": 14,
    "conduct": 12,
    "social": 12,
    "infrastructure": 12,
    "democracy": 6,
}

OPENINGS = {
    "complaint": (
        "Tôi làm đơn này khiếu nại Quyết định số {decision}/QĐ-UBND ngày {date} của "
        "Chủ tịch UBND {commune} {about}."
    ),
    "denunciation": "Tôi làm đơn này tố cáo hành vi vi phạm pháp luật {about}.",
    "petition": "Tôi làm đơn này kiến nghị với chính quyền địa phương {about}.",
    "feedback": "Tôi xin phản ánh tới UBND {commune} {about}.",
}
REQUESTS = {
    "complaint": (
        "Đề nghị Chủ tịch UBND {commune} xem xét lại quyết định nêu trên, tổ chức đối "
        "thoại và giải quyết theo đúng quy định của Luật Khiếu nại.",
        "Đề nghị hủy bỏ quyết định nêu trên và bồi thường đầy đủ thiệt hại cho gia đình tôi.",
    ),
    "denunciation": (
        "Đề nghị cơ quan có thẩm quyền xác minh, xử lý nghiêm người vi phạm và giữ bí mật "
        "thông tin của người tố cáo theo Luật Tố cáo.",
        "Đề nghị kiểm tra, làm rõ và thông báo kết quả giải quyết cho người tố cáo.",
    ),
    "petition": (
        "Kính đề nghị UBND {commune} quan tâm xem xét, sớm có văn bản trả lời.",
        "Rất mong chính quyền các cấp xem xét, tạo điều kiện cho người dân.",
    ),
    "feedback": (
        "Mong chính quyền kiểm tra thực tế và có biện pháp xử lý dứt điểm.",
        "Đề nghị UBND {commune} chỉ đạo các bộ phận chuyên môn kiểm tra, khắc phục.",
    ),
}
CLOSINGS = (
    "Tôi xin cam đoan những nội dung trình bày trên là đúng sự thật và chịu trách nhiệm "
    "trước pháp luật. Xin chân thành cảm ơn.",
    "Xin trân trọng cảm ơn.",
    "Kèm theo đơn là bản sao các giấy tờ liên quan.",
    "Chúng tôi xin cảm ơn và mong sớm nhận được trả lời.",
)

# Clauses from the seed texts that read as an appeal ("đề nghị … <clause>").
_APPEAL_WORDS = (
    "giải quyết",
    "đối thoại",
    "quyền",
    "lợi ích",
    "công khai",
    "trách nhiệm",
    "dân chủ",
    "nguyện vọng",
    "kỷ cương",
    "khiếu nại",
    "minh bạch",
)
# A clause is used only if it starts like an action, so "đề nghị … <clause>" reads well.
_APPEAL_STARTS = (
    "giải quyết",
    "kịp thời",
    "nâng cao",
    "tăng cường",
    "tập trung",
    "xử lý",
    "phát huy",
    "giữ",
    "hạn chế",
    "thực hiện",
    "vận động",
    "chú trọng",
    "tiếp tục",
    "đẩy mạnh",
    "công khai",
    "bảo đảm",
    "đảm bảo",
    "khắc phục",
    "lắng nghe",
    "chấm dứt",
)
_FALLBACK_APPEALS = (
    "giải quyết dứt điểm, đúng quy định của pháp luật",
    "công khai, minh bạch kết quả giải quyết",
    "bảo đảm quyền và lợi ích hợp pháp của người dân",
)


def seed_clauses(seed_dir: Path = SEED_DIR) -> list[str]:
    """Short clauses from the seed texts that contain an appeal word."""
    clauses: list[str] = []
    for path in sorted(seed_dir.glob("*.txt")) if seed_dir.is_dir() else []:
        text = path.read_text(encoding="utf-8", errors="replace")
        for part in re.split(r"[.;:!?…\n“”\"()]+|, (?=[a-zà-ỹđ])", text):
            clause = " ".join(part.split()).strip(" ,-–")
            words = clause.split()
            if not 5 <= len(words) <= 18 or re.search(r"[0-9/@=]|http|\ufffd", clause):
                continue
            lowered = clause[0].lower() + clause[1:]
            if not lowered.startswith(_APPEAL_STARTS) or " sẽ " in lowered:
                continue
            if lowered.endswith(("phương châm", "của cán bộ")):
                continue
            if any(word in lowered for word in _APPEAL_WORDS) and not any(
                w[0].isupper() for w in words[1:] if w not in ("Nhân", "Nhà", "Đảng")
            ):
                clauses.append(lowered)
    return sorted(set(clauses)) or list(_FALLBACK_APPEALS)


class TextGenerator:
    """Subject and content of one synthetic petition."""

    def __init__(self, rng: random.Random, seed_dir: Path = SEED_DIR) -> None:
        self.rng = rng
        self.appeals = seed_clauses(seed_dir)
        self._ctx: tuple[date, int, str] = (date(2026, 1, 1), 2026, "")
        self.makers = self._makers()
        self.topic_keys = list(TOPIC_WEIGHTS)
        self.topic_cum = []
        total = 0
        for key in self.topic_keys:
            total += TOPIC_WEIGHTS[key]
            self.topic_cum.append(total)

    def _makers(self) -> dict[str, Callable[[], object]]:
        """How to draw each slot; ``self._ctx`` holds the letter's event date, year, place."""
        rng = self.rng

        def project() -> str:
            return rng.choice(PROJECTS).format(n=rng.randint(1, 60), place=self._ctx[2])

        def year() -> int:
            event, received_year, _place = self._ctx
            return event.year if rng.random() < 0.7 else received_year - rng.randint(1, 6)

        def pick(values: list[Any]) -> Callable[[], object]:
            return lambda: rng.choice(values)

        def between(low: int, high: int) -> Callable[[], object]:
            return lambda: rng.randint(low, high)

        return {
            "project": project,
            "year": year,
            "official": pick(OFFICIALS),
            "source": pick(ENV_SOURCES),
            "harm": pick(ENV_HARMS),
            "policy": pick(POLICIES),
            "fund": pick(FUNDS),
            "parcel": between(12, 980),
            "sheet": between(1, 48),
            "area": between(80, 2400),
            "part": between(40, 900),
            "small": between(2, 35),
            "since": between(1975, 2010),
            "price": pick([45, 60, 85, 120, 150, 210, 350]),
            "trees": between(3, 60),
            "times": between(2, 5),
            "months": between(3, 30),
            "households": between(5, 120),
            "rent": between(2, 6),
            "fee": pick([50, 100, 200, 300, 500, 1000, 2000]),
            "cases": between(2, 15),
            "amount": pick([360, 500, 750, 1000, 1500]),
            "age": between(68, 95),
            "length": between(200, 3500),
            "depth": between(20, 80),
            "budget": between(2, 45),
            "share": between(60, 95),
            "decision": between(100, 4800),
        }

    def person(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
        else:
            middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
        return f"{rng.choice(SURNAMES)} {middle} {given}"

    def village(self) -> str:
        rng = self.rng
        word = rng.choice(VILLAGE_WORDS)
        if word in ("bản", "xóm") or rng.random() < 0.3:
            return f"{word} {rng.choice(GIVEN_MALE + GIVEN_FEMALE)}"
        return f"{word} {rng.randint(1, 15)}"

    def address(self, commune: str, province: str) -> str:
        return f"{self.village().capitalize()}, {commune}, {province}"

    def _slots(self, commune: str, village: str, received_on: date) -> _Slots:
        rng = self.rng
        year = received_on.year
        event = received_on - timedelta(days=rng.randint(5, 400))
        place = rng.choice([commune, village.capitalize(), f"{commune} {rng.randint(1, 4)}"])
        work = rng.choice(WORKS)
        self._ctx = (event, year, place)
        return _Slots(
            self.makers,
            commune=commune,
            village=village,
            place=place,
            work=work,
            work_cap=work[0].upper() + work[1:],
            month=event.month,
            date=event.strftime("%d/%m/%Y"),
        )

    def letter(
        self, *, kind: str, commune: str, province: str, received_on: date, group: int = 1
    ) -> tuple[str, str, str]:
        """(topic key, subject, content) of a petition of ``kind`` sent to ``commune``
        (a unit name such as "Xã Tân Hòa") and received on ``received_on``."""
        rng = self.rng
        topic = TOPICS[rng.choices(self.topic_keys, cum_weights=self.topic_cum)[0]]
        village = self.village()
        # In running text the kind of unit is written in lower case: "UBND xã Tân Hòa".
        commune = commune[:1].lower() + commune[1:]
        province = province[:1].lower() + province[1:]
        slots = self._slots(commune, village, received_on)
        subject = rng.choice(topic.subjects).format_map(slots)
        about = "về việc " + subject[0].lower() + subject[1:] if subject[:3] != "Về " else ""
        slots["about"] = about or subject[0].lower() + subject[1:]
        who = (
            f"Tôi tên là {self.person()}, sinh năm {rng.randint(1948, 2002)}, "
            f"trú tại {village}, {commune}, {province}."
            if group <= 1
            else f"Chúng tôi gồm {group} hộ dân đang sinh sống tại {village}, {commune}."
        )
        facts = rng.sample(topic.facts, k=min(len(topic.facts), rng.randint(2, 4)))
        parts = [
            f"Kính gửi: Ủy ban nhân dân {commune}.",
            who,
            OPENINGS[kind].format_map(slots),
            *(fact.format_map(slots) for fact in facts),
            rng.choice(REQUESTS[kind]).format_map(slots),
            f"Đề nghị các cơ quan có thẩm quyền {rng.choice(self.appeals)}.",
            rng.choice(CLOSINGS),
        ]
        if kind == "complaint":
            subject = "Khiếu nại " + subject[0].lower() + subject[1:]
        elif kind == "denunciation":
            subject = "Tố cáo " + subject[0].lower() + subject[1:]
        return topic.key, subject[:300], " ".join(parts)


if __name__ == "__main__":
    generator = TextGenerator(random.Random(1))
    print(len(generator.appeals), "appeal clauses from the seeds")
    for kind in ("complaint", "denunciation", "petition", "feedback"):
        _key, subj, body = generator.letter(
            kind=kind, commune="Xã Tân Hòa", province="Tỉnh An Giang", received_on=date(2026, 5, 4)
        )
        print(f"[{kind}] {subj}\n{body}\n")
