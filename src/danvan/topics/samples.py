"""Labelled Vietnamese petition texts to train and evaluate the topic classifier.

    python -m danvan.topics.samples --split train --seed 3 --out src/danvan/topics/data/train.jsonl
    python -m danvan.topics.samples --split eval --seed 11 --out src/danvan/topics/data/eval.jsonl

Each line is ``{"text", "topic", "kind", "agency", "source"}``: the topic code, the
petition's kind (complaint, denunciation, petition, feedback), the competent agency
expected by the rules in :mod:`danvan.topics.agency` written by hand for each scenario
(``"commune:ubnd"``, ``"province:ubnd"``, ``"province:so"``, ``"province:thanh_tra"``)
and where the example comes from.

The two splits share nothing but the names of people and places:

- ``train`` letters are built from ``TRAIN_SCENARIOS`` with the train greetings,
  introductions, requests and closings, lightly perturbed;
- ``eval`` letters come from ``EVAL_SCENARIOS``: other grievances or the same ones told
  in other words, other greetings and closings, sentences in another order, and heavier
  perturbations (no diacritics, typos, phone shorthand, lower case, no full stops). The
  split also holds ``HANDWRITTEN``, letters written one by one, and ``FROM_SEEDS``,
  sentences of the seed news reports rewritten as citizens' letters; both are labelled
  by hand and appended as they are.

So an accuracy measured on ``eval`` is not inflated by shared templates. Everything is
drawn from one ``random.Random(seed)``: the same seed gives the same file.
"""

from __future__ import annotations

import argparse
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from danvan.core.jsonio import write_jsonl
from danvan.dedup.pairs import COMPANIES, GIVENS, MIDDLES, PLACES, SURNAMES

TRAIN = "train"
EVAL = "eval"
SPLITS = (TRAIN, EVAL)
TOPICS = (
    "land",
    "environment",
    "social_policy",
    "officials_conduct",
    "public_services",
    "infrastructure",
    "other",
)
DEFAULT_COUNTS = {TRAIN: 200, EVAL: 105}  # generated letters per topic

C, D, P, F = "complaint", "denunciation", "petition", "feedback"
COMMUNE = "commune:ubnd"
PROVINCE = "province:ubnd"
DEPARTMENT = "province:so"
INSPECTORATE = "province:thanh_tra"


@dataclass(frozen=True)
class Scenario:
    """One grievance: its topic, possible kinds, competent agency and sentences.

    The first sentence states the case and is always used; each later one is used or
    not. Each sentence is given as one or more alternative wordings."""

    topic: str
    kinds: tuple[str, ...]
    agency: str
    lines: tuple[tuple[str, ...], ...]


def _s(topic: str, kinds: str, agency: str, *lines: str | tuple[str, ...]) -> Scenario:
    return Scenario(
        topic,
        tuple(kinds.split("/")),
        agency,
        tuple(line if isinstance(line, tuple) else (line,) for line in lines),
    )


# ---------------------------------------------------------------------------------------
# Train scenarios

TRAIN_SCENARIOS: list[Scenario] = [
    # Land
    _s(
        "land",
        C,
        COMMUNE,
        (
            "Năm {year}, gia đình tôi bị thu hồi {area} m2 đất nông nghiệp để thực hiện dự án "
            "{project}.",
            "Nhà nước thu hồi {area} m2 đất ruộng của gia đình tôi tại thửa số {plot} để làm "
            "{project}.",
        ),
        (
            "Đơn giá bồi thường chỉ {price} đồng/m2, thấp hơn nhiều so với giá chuyển nhượng "
            "thực tế.",
            "Mức giá bồi thường {price} đồng một mét vuông là không thỏa đáng.",
        ),
        (
            "Tôi không đồng ý với quyết định phê duyệt phương án bồi thường, hỗ trợ của UBND xã.",
            "Gia đình tôi chưa nhận tiền bồi thường vì thấy áp giá chưa đúng loại đất.",
        ),
        "Đề nghị xem xét lại giá bồi thường và các khoản hỗ trợ chuyển đổi nghề nghiệp.",
    ),
    _s(
        "land",
        C + "/" + P,
        COMMUNE,
        (
            "Gia đình tôi bị thu hồi toàn bộ đất ở nhưng đến nay chưa được bố trí tái định cư.",
            "Đã {months} tháng kể từ khi bàn giao mặt bằng, nhà tôi vẫn chưa có lô đất tái "
            "định cư.",
        ),
        "Khu tái định cư {place} chưa có đường, điện, nước nên không thể làm nhà.",
        "Tiền hỗ trợ thuê nhà tạm cư chỉ được trả {n} tháng rồi dừng.",
    ),
    _s(
        "land",
        P + "/" + F,
        COMMUNE,
        (
            "Hộ ông {other} ở liền kề xây tường rào lấn sang đất nhà tôi khoảng {meters} m.",
            "Ông {other} tự ý dịch mốc giới, lấn chiếm {area} m2 đất vườn của gia đình tôi.",
        ),
        "Thửa đất số {plot}, tờ bản đồ số {sheet} đã được cấp giấy chứng nhận quyền sử dụng "
        "đất năm {year}.",
        "Hai bên đã hòa giải ở thôn nhưng không thành.",
        "Đề nghị UBND xã tổ chức hòa giải, đo đạc lại ranh giới thửa đất.",
    ),
    _s(
        "land",
        P,
        COMMUNE,
        (
            "Tôi nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất cho thửa {plot} từ "
            "ngày {date}.",
            "Ngày {date} tôi nộp hồ sơ xin cấp sổ đỏ lần đầu cho thửa đất đang sử dụng.",
        ),
        "Đến nay đã quá hẹn {months} tháng nhưng vẫn chưa được cấp sổ đỏ.",
        "Cán bộ địa chính trả lời là đất chưa xác định được nguồn gốc sử dụng.",
        "Đề nghị sớm cấp giấy chứng nhận để gia đình tôi yên tâm sản xuất.",
    ),
    _s(
        "land",
        C,
        COMMUNE,
        (
            "Ngày {date}, đơn vị thi công đã san gạt ruộng của gia đình tôi khi chưa có "
            "quyết định thu hồi đất.",
            "Chưa có quyết định thu hồi đất nhưng máy xúc đã vào san lấp ruộng nhà tôi.",
        ),
        "Hoa màu trên {area} m2 bị phá hỏng mà chưa được bồi thường.",
        "Việc giải phóng mặt bằng làm không đúng trình tự, không niêm yết công khai phương án.",
    ),
    _s(
        "land",
        P,
        COMMUNE,
        (
            "Diện tích thửa đất nhà tôi trên bản đồ địa chính ghi {area} m2, ít hơn thực tế "
            "đang sử dụng.",
            "Bản đồ địa chính đo sai ranh giới thửa {plot} của gia đình tôi.",
        ),
        "Khi làm thủ tục tách thửa cho con, tôi mới phát hiện sai sót này.",
        "Đề nghị đo đạc, chỉnh lý lại hồ sơ địa chính.",
    ),
    _s(
        "land",
        P,
        COMMUNE,
        (
            "Bố mẹ tôi mất không để lại di chúc, anh em trong nhà tranh chấp thửa đất số {plot}.",
            "Anh trai tôi tự ý kê khai đứng tên toàn bộ mảnh đất hương hỏa của bố mẹ.",
        ),
        "Thửa đất rộng {area} m2 ở thôn {village}.",
        "Đề nghị xã hòa giải tranh chấp đất đai giữa anh chị em chúng tôi.",
    ),
    _s(
        "land",
        F,
        COMMUNE,
        (
            "Một số hộ ở thôn {village} lấn chiếm đất công, đất bãi ven sông để làm nhà tạm.",
            "Khu đất công do xã quản lý ở thôn {village} đang bị một số hộ rào lại chiếm dụng.",
        ),
        "Tình trạng này kéo dài nhiều năm nhưng chưa bị xử lý.",
        "Đề nghị xã kiểm tra, thu hồi phần đất công bị lấn chiếm.",
    ),
    _s(
        "land",
        P,
        COMMUNE,
        (
            "Tôi xin chuyển mục đích sử dụng {area} m2 đất vườn sang đất ở để làm nhà.",
            "Gia đình tôi nộp hồ sơ chuyển đổi đất nông nghiệp sang đất ở từ năm {year}.",
        ),
        "Tiền sử dụng đất phải nộp được tính quá cao so với giá đất ở địa phương.",
        "Đề nghị xem xét lại bảng giá đất áp dụng cho hồ sơ của tôi.",
    ),
    # Environment
    _s(
        "environment",
        F,
        COMMUNE,
        (
            "Trại chăn nuôi lợn của hộ ông {other} ở thôn {village} xả nước thải chưa qua xử "
            "lý ra mương.",
            "Chuồng trại nuôi lợn của gia đình ông {other} thải phân, nước thải ra cánh đồng.",
        ),
        "Mùi hôi thối bốc lên nồng nặc, nhất là khi trời nóng.",
        "Ruồi muỗi nhiều, trẻ em trong xóm hay bị ốm.",
        "Đề nghị kiểm tra, buộc chủ trại xử lý chất thải.",
    ),
    _s(
        "environment",
        F + "/" + D,
        DEPARTMENT,
        (
            "{company} xả nước thải ra {river} làm nước đổi màu đen.",
            "Nhà máy của {company} đổ trộm nước thải xuống {river} vào ban đêm.",
        ),
        "Cá chết hàng loạt dọc đoạn sông chảy qua thôn {village}.",
        "Người dân không dám dùng nước giếng để sinh hoạt.",
        "Đề nghị kiểm tra hệ thống xử lý nước thải của doanh nghiệp.",
    ),
    _s(
        "environment",
        F,
        COMMUNE,
        (
            "Rác thải sinh hoạt ở thôn {village} không được thu gom đã {n} tuần.",
            "Xe thu gom rác không đến thôn {village}, rác chất đống ven đường.",
        ),
        "Bãi rác tự phát ở đầu ngõ bốc mùi, chó mèo bới tung.",
        "Hằng tháng mỗi hộ vẫn nộp phí vệ sinh môi trường đầy đủ.",
    ),
    _s(
        "environment",
        F + "/" + P,
        DEPARTMENT,
        (
            "Mỏ đá của {company} nổ mìn khai thác, bụi bay mù mịt cả khu dân cư.",
            "{company} khai thác đá gần thôn {village}, ngày nào cũng nổ mìn.",
        ),
        "Nhà cửa của nhiều hộ bị nứt do rung chấn.",
        "Xe chở đá chạy ngày đêm làm bụi phủ kín hoa màu.",
    ),
    _s(
        "environment",
        F,
        COMMUNE,
        (
            "Lò đốt rác của xã đặt sát khu dân cư thôn {village}, khói đen bay vào nhà dân.",
            "Nhiều hộ đốt rơm rạ, rác thải ngay cạnh đường làng gây khói mù mịt.",
        ),
        "Người già và trẻ nhỏ bị ho, khó thở.",
        "Đề nghị có biện pháp xử lý khói bụi, ô nhiễm không khí.",
    ),
    _s(
        "environment",
        D + "/" + F,
        COMMUNE,
        (
            "Ban đêm có nhiều thuyền hút cát trái phép trên sông đoạn qua xã {commune}.",
            "Tình trạng khai thác cát trái phép ở bãi sông thôn {village} diễn ra công khai.",
        ),
        "Bờ sông bị sạt lở, đất vườn nhà dân bị cuốn trôi.",
        "Đề nghị xử lý dứt điểm tình trạng khai thác khoáng sản trái phép.",
    ),
    _s(
        "environment",
        F,
        COMMUNE,
        (
            "Xưởng cưa gỗ của hộ ông {other} hoạt động cả đêm gây tiếng ồn lớn.",
            "Cơ sở xay xát của gia đình ông {other} chạy máy suốt đêm, tiếng ồn và bụi cám "
            "bay sang nhà tôi.",
        ),
        "Gia đình tôi không ngủ được, cháu nhỏ bị ảnh hưởng sức khỏe.",
        "Đề nghị kiểm tra tiếng ồn và bụi của cơ sở này.",
    ),
    _s(
        "environment",
        F,
        COMMUNE,
        (
            "Vỏ chai thuốc bảo vệ thực vật bị vứt bừa bãi xuống kênh mương nội đồng.",
            "Nhiều người vứt xác động vật chết và bao bì thuốc trừ sâu xuống mương.",
        ),
        "Nguồn nước tưới bị ô nhiễm, bốc mùi.",
        "Đề nghị xã bố trí bể chứa bao bì thuốc và tuyên truyền cho bà con.",
    ),
    # Social policy
    _s(
        "social_policy",
        C + "/" + P,
        COMMUNE,
        (
            "Mẹ tôi là bà {relative}, năm nay {age} tuổi, đang hưởng trợ cấp xã hội hằng tháng.",
            "Bà {relative} ({age} tuổi) ở thôn {village} là đối tượng bảo trợ xã hội.",
        ),
        "Từ tháng {month}/{year}, bà bị cắt trợ cấp mà không có thông báo.",
        "Xã trả lời là hồ sơ bị rà soát lại nhưng không nói lý do.",
        "Đề nghị khôi phục trợ cấp xã hội cho mẹ tôi.",
    ),
    _s(
        "social_policy",
        C,
        COMMUNE,
        (
            "Gia đình tôi thuộc diện khó khăn nhưng không được bình xét hộ nghèo năm {year}.",
            "Nhà tôi thu nhập thấp, chồng ốm đau lâu năm nhưng bị loại khỏi danh sách hộ nghèo.",
        ),
        "Trong khi một số hộ có nhà cao cửa rộng vẫn có tên trong danh sách.",
        "Việc rà soát hộ nghèo, hộ cận nghèo ở thôn không công khai.",
        "Đề nghị rà soát lại danh sách hộ nghèo cho đúng đối tượng.",
    ),
    _s(
        "social_policy",
        P,
        COMMUNE,
        (
            "Bố tôi là thương binh, tham gia kháng chiến từ năm {year}.",
            "Ông {relative} là người có công với cách mạng, bị nhiễm chất độc hóa học.",
        ),
        "Hồ sơ đề nghị hưởng chế độ người có công nộp từ năm {year2} chưa được giải quyết.",
        "Gia đình đã bổ sung giấy tờ nhiều lần theo yêu cầu.",
        "Đề nghị xem xét chế độ ưu đãi người có công cho bố tôi.",
    ),
    _s(
        "social_policy",
        P,
        COMMUNE,
        (
            "Con tôi bị khuyết tật nặng từ nhỏ, không tự phục vụ được.",
            "Em trai tôi là người khuyết tật đặc biệt nặng, sống cùng bố mẹ già.",
        ),
        "Gia đình xin trợ cấp hằng tháng cho người khuyết tật nhưng chưa được duyệt.",
        "Đề nghị xét trợ cấp và hỗ trợ kinh phí chăm sóc.",
    ),
    _s(
        "social_policy",
        F,
        COMMUNE,
        (
            "Thẻ bảo hiểm y tế của hộ cận nghèo năm nay cấp chậm {months} tháng.",
            "Nhiều người cao tuổi ở thôn {village} chưa được cấp thẻ bảo hiểm y tế miễn phí.",
        ),
        "Khi đi khám chữa bệnh phải tự trả toàn bộ viện phí.",
        "Đề nghị sớm cấp thẻ bảo hiểm y tế cho các đối tượng chính sách.",
    ),
    _s(
        "social_policy",
        P,
        COMMUNE,
        (
            "Nhà tôi là hộ nghèo, căn nhà tạm đã dột nát, mùa mưa không ở được.",
            "Gia đình tôi thuộc diện hộ nghèo, nhà tranh vách đất xuống cấp nặng.",
        ),
        "Tôi đã đăng ký chương trình hỗ trợ xóa nhà tạm, nhà dột nát từ năm {year}.",
        "Đề nghị xem xét hỗ trợ nhà ở cho gia đình tôi.",
    ),
    _s(
        "social_policy",
        F + "/" + C,
        COMMUNE,
        (
            "Sau trận lũ tháng {month}, nhà tôi bị sập chuồng trại, mất hết lúa giống.",
            "Trận bão vừa qua làm tốc mái nhà tôi nhưng không có tên trong danh sách hỗ trợ.",
        ),
        "Trong khi nhiều hộ thiệt hại ít hơn vẫn nhận được tiền cứu trợ.",
        "Đề nghị xem xét hỗ trợ khắc phục thiệt hại do thiên tai.",
    ),
    _s(
        "social_policy",
        P,
        COMMUNE,
        (
            "Tôi năm nay {age} tuổi, sống một mình, không có lương hưu.",
            "Ông {relative} đủ {age} tuổi nhưng chưa được hưởng trợ cấp tuổi cao.",
        ),
        "Tôi đã làm hồ sơ hưởng trợ cấp người cao tuổi mà chưa thấy trả lời.",
        "Đề nghị xã hướng dẫn và giải quyết chế độ.",
    ),
    # Officials' conduct
    _s(
        "officials_conduct",
        D,
        COMMUNE,
        (
            "Khi tôi làm hồ sơ {procedure}, ông {official} là {title} đòi tôi đưa {amount} "
            "đồng tiền bồi dưỡng.",
            "Ông {official}, {title}, gợi ý tôi phải chi {amount} đồng thì hồ sơ mới được "
            "giải quyết nhanh.",
        ),
        "Tôi không đưa nên hồ sơ bị trả đi trả lại nhiều lần.",
        "Đây là hành vi nhũng nhiễu, vòi vĩnh người dân.",
        "Đề nghị xử lý nghiêm cán bộ có hành vi tiêu cực.",
    ),
    _s(
        "officials_conduct",
        F,
        COMMUNE,
        (
            "Ngày {date}, tôi đến trụ sở UBND xã, {title} có thái độ quát tháo, hách dịch.",
            "Ông {official}, {title}, nói năng thiếu văn hóa khi tôi hỏi về hồ sơ.",
        ),
        "Cán bộ còn đuổi tôi ra ngoài trước mặt nhiều người.",
        "Đề nghị chấn chỉnh thái độ, đạo đức công vụ của cán bộ.",
    ),
    _s(
        "officials_conduct",
        D,
        COMMUNE,
        (
            "Trưởng thôn {village} thu tiền của dân nhiều khoản nhưng không công khai chi tiêu.",
            "Ông {official}, trưởng thôn {village}, giữ quỹ thôn và chi tiêu không minh bạch.",
        ),
        "Số tiền thu được khoảng {amount} đồng mỗi hộ.",
        "Tôi tố cáo hành vi chiếm dụng tiền đóng góp của nhân dân.",
    ),
    _s(
        "officials_conduct",
        D,
        PROVINCE,
        (
            "Tôi tố cáo ông {official}, Chủ tịch UBND xã {commune}, đã lợi dụng chức vụ để "
            "trục lợi.",
            "Chủ tịch UBND xã {commune} là ông {official} đã lạm quyền, nhận tiền của doanh "
            "nghiệp.",
        ),
        "Ông ấy chỉ đạo cấp đất cho người thân không đúng quy định.",
        "Nhiều người dân biết nhưng sợ bị trù dập.",
        "Đề nghị cấp trên xác minh, xử lý nghiêm.",
    ),
    _s(
        "officials_conduct",
        F + "/" + D,
        COMMUNE,
        (
            "Trong giờ hành chính, một số cán bộ xã bỏ vị trí đi uống rượu.",
            "Cán bộ {title} thường xuyên đi muộn về sớm, người dân đến làm việc phải chờ.",
        ),
        "Có hôm cán bộ say xỉn quay lại trụ sở làm việc.",
        "Đề nghị kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính.",
    ),
    _s(
        "officials_conduct",
        D,
        PROVINCE,
        (
            "Phó Chủ tịch UBND xã {commune} là ông {official} đưa con cháu vào làm công chức "
            "không qua thi tuyển.",
            "Tôi tố cáo Phó Chủ tịch UBND xã {commune} có dấu hiệu tham nhũng trong xét tuyển "
            "công chức.",
        ),
        "Việc tuyển dụng không công khai, có dấu hiệu chạy việc.",
        "Đề nghị làm rõ trách nhiệm theo quy định.",
    ),
    _s(
        "officials_conduct",
        D,
        COMMUNE,
        (
            "Ông {official}, {title}, đe dọa gia đình tôi vì tôi đã gửi đơn phản ánh.",
            "Sau khi tôi phản ánh sai phạm, cán bộ {title} tìm cách trù dập, gây khó dễ.",
        ),
        "Gia đình tôi bị gây phiền hà mỗi lần đến làm thủ tục.",
        "Đề nghị bảo vệ người tố cáo và xử lý cán bộ vi phạm.",
    ),
    _s(
        "officials_conduct",
        D,
        COMMUNE,
        (
            "Cán bộ {title} sử dụng xe công, tài sản của xã vào việc riêng.",
            "Ông {official} dùng kinh phí của xã để tổ chức ăn uống, tiệc tùng.",
        ),
        "Việc này gây lãng phí tài sản nhà nước.",
        "Đề nghị kiểm tra, xử lý hành vi vi phạm của cán bộ, đảng viên.",
    ),
    # Public services
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Tôi đăng ký khai sinh cho con tại bộ phận một cửa xã từ ngày {date}.",
            "Ngày {date}, tôi nộp hồ sơ đăng ký khai sinh cho cháu tại UBND xã.",
        ),
        "Đến nay đã quá hẹn mà vẫn chưa nhận được giấy khai sinh.",
        "Mỗi lần hỏi, bộ phận một cửa lại hẹn sang tuần sau.",
    ),
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Tôi nộp hồ sơ trên Cổng dịch vụ công trực tuyến nhưng hệ thống báo lỗi nhiều lần.",
            "Dịch vụ công trực tuyến của xã thường xuyên bị lỗi, không tải được giấy tờ.",
        ),
        "Cuối cùng vẫn phải mang hồ sơ giấy đến nộp trực tiếp.",
        "Đề nghị cải thiện chất lượng dịch vụ công trực tuyến.",
    ),
    _s(
        "public_services",
        F + "/" + P,
        COMMUNE,
        (
            "Khi chứng thực bản sao giấy tờ, tôi phải chờ cả buổi sáng.",
            "Thủ tục chứng thực chữ ký ở xã rườm rà, phải đi lại nhiều lần.",
        ),
        "Bộ phận một cửa yêu cầu thêm nhiều giấy tờ không có trong quy định.",
        "Đề nghị công khai đầy đủ thành phần hồ sơ và thời hạn giải quyết.",
    ),
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Thôn {village} thường xuyên mất nước sạch, có khi cả tuần không có nước.",
            "Nước máy ở khu dân cư {village} yếu, chỉ chảy vào ban đêm.",
        ),
        "Hóa đơn tiền nước tháng {month} vẫn tính đủ.",
        "Đề nghị đôn đốc đơn vị cấp nước bảo đảm nước sinh hoạt cho dân.",
    ),
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Điện ở thôn {village} chập chờn, mất điện liên tục trong mùa nóng.",
            "Tiền điện tháng {month} nhà tôi tăng gấp đôi dù sử dụng như mọi tháng.",
        ),
        "Đồ điện trong nhà bị hỏng do điện áp không ổn định.",
        "Đề nghị ngành điện kiểm tra lại chất lượng cấp điện và công tơ.",
    ),
    _s(
        "public_services",
        P,
        COMMUNE,
        (
            "Tôi nộp hồ sơ xin giấy phép xây dựng nhà ở từ ngày {date}.",
            "Hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ của tôi đã quá thời hạn giải quyết.",
        ),
        "Đến nay chưa nhận được giấy phép, cũng không có văn bản nêu lý do.",
        "Đề nghị giải quyết đúng thời hạn của thủ tục hành chính.",
    ),
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Tôi xin giấy xác nhận tình trạng hôn nhân để làm thủ tục vay vốn.",
            "Tôi đến xã xin trích lục hộ tịch nhưng bị hẹn lại nhiều lần.",
        ),
        "Cán bộ hộ tịch nói phải chờ xác minh ở nơi cư trú cũ.",
        "Đề nghị rút ngắn thời gian giải quyết thủ tục hộ tịch.",
    ),
    _s(
        "public_services",
        F + "/" + P,
        COMMUNE,
        (
            "Phí, lệ phí tại bộ phận một cửa không được niêm yết công khai.",
            "Tôi phải nộp lệ phí cao hơn mức quy định khi làm thủ tục ở xã.",
        ),
        "Khi hỏi, không ai giải thích được cách tính.",
        "Đề nghị niêm yết công khai thủ tục hành chính và mức phí.",
    ),
    # Infrastructure
    _s(
        "infrastructure",
        P,
        COMMUNE,
        (
            "Tuyến đường liên thôn từ {village} đi {village2} dài {km} km xuống cấp nghiêm trọng.",
            "Đường giao thông nông thôn qua thôn {village} có nhiều ổ gà, ổ voi.",
        ),
        "Mùa mưa đường lầy lội, học sinh đi học rất vất vả.",
        "Đã có người bị ngã xe, gãy tay ở đoạn này.",
        "Đề nghị sớm nâng cấp, sửa chữa tuyến đường.",
    ),
    _s(
        "infrastructure",
        P,
        COMMUNE,
        (
            "Hệ thống thoát nước ở khu dân cư {village} bị tắc, mưa to là ngập úng.",
            "Cống thoát nước dọc đường bị sụt lún, nước tràn vào nhà dân.",
        ),
        "Mỗi trận mưa nước ngập sâu {n}0 cm.",
        "Đề nghị nạo vét, xây lại cống thoát nước.",
    ),
    _s(
        "infrastructure",
        F,
        COMMUNE,
        (
            "Ông {other} xây nhà {floors} tầng không có giấy phép, lấn ra hành lang đường.",
            "Hộ ông {other} đang xây dựng trái phép trên đất nông nghiệp.",
        ),
        "Công trình vẫn thi công dù đã bị lập biên bản.",
        "Đề nghị xử lý vi phạm trật tự xây dựng.",
    ),
    _s(
        "infrastructure",
        F + "/" + P,
        COMMUNE,
        (
            "Đèn chiếu sáng trên trục đường chính của thôn {village} hỏng đã lâu.",
            "Đường làng không có đèn chiếu sáng, buổi tối tối om.",
        ),
        "Người dân đi lại ban đêm rất nguy hiểm.",
        "Đề nghị sửa chữa, lắp đặt hệ thống đèn chiếu sáng công cộng.",
    ),
    _s(
        "infrastructure",
        P,
        COMMUNE,
        (
            "Cây cầu tạm bắc qua suối ở thôn {village} đã mục nát.",
            "Cầu treo nối thôn {village} với trung tâm xã bị hư hỏng, võng xuống.",
        ),
        "Mùa lũ người dân và học sinh phải lội qua suối.",
        "Đề nghị xây dựng cầu kiên cố để bảo đảm an toàn.",
    ),
    _s(
        "infrastructure",
        P,
        COMMUNE,
        (
            "Kênh mương thủy lợi nội đồng ở thôn {village} bị vỡ, không dẫn được nước.",
            "Trạm bơm và kênh tưới của thôn {village} xuống cấp, ruộng bị khô hạn.",
        ),
        "Vụ vừa rồi nhiều hộ không cấy được.",
        "Đề nghị sửa chữa, kiên cố hóa kênh mương.",
    ),
    _s(
        "infrastructure",
        F,
        DEPARTMENT,
        (
            "Đoạn quốc lộ {road} qua xã {commune} có nhiều ổ gà, đã xảy ra tai nạn giao thông.",
            "Mặt đường quốc lộ {road} đoạn qua thôn {village} bị lún, bong tróc.",
        ),
        "Xe tải trọng lớn chạy nhiều làm đường hư hỏng nhanh.",
        "Đề nghị cơ quan quản lý đường bộ sớm sửa chữa.",
    ),
    _s(
        "infrastructure",
        P,
        COMMUNE,
        (
            "Năm {year}, thôn {village} thu tiền của dân để làm đường bê tông.",
            "Mỗi hộ thôn {village} đóng góp {amount} đồng để xây dựng đường nội thôn.",
        ),
        "Đến nay công trình vẫn chưa thi công xong.",
        "Đề nghị đẩy nhanh tiến độ và công khai kinh phí xây dựng.",
    ),
    # Other
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Nhà hàng xóm thường xuyên hát karaoke đến khuya.",
            "Hộ ông {other} mở loa kẹo kéo hát karaoke từ chiều đến nửa đêm.",
        ),
        "Gia đình tôi có người già, trẻ nhỏ không ngủ được.",
        "Đề nghị nhắc nhở, xử lý việc gây mất trật tự.",
    ),
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Thời gian gần đây trên địa bàn thôn {village} thường xuyên xảy ra trộm cắp.",
            "Nhiều nhà ở thôn {village} bị mất trộm gà, vịt, xe máy.",
        ),
        "Người dân rất lo lắng, phải thay nhau canh gác.",
        "Đề nghị tăng cường tuần tra, giữ gìn an ninh trật tự.",
    ),
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Nhiều hộ thả rông chó, không rọ mõm, đã có người bị chó cắn.",
            "Chó nhà ông {other} không xích, nhiều lần cắn người qua đường.",
        ),
        "Trẻ em đi học rất sợ hãi.",
        "Đề nghị nhắc nhở các hộ nuôi chó chấp hành quy định.",
    ),
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Gia đình tôi xin gửi lời cảm ơn chân thành đến lãnh đạo và cán bộ xã {commune}.",
            "Tôi viết thư này để cảm ơn các anh chị cán bộ đã nhiệt tình giúp đỡ gia đình tôi.",
        ),
        "Các anh chị đã tận tình hướng dẫn, giúp đỡ khi gia đình gặp khó khăn.",
        "Kính chúc các anh chị sức khỏe, công tác tốt.",
    ),
    _s(
        "other",
        P,
        COMMUNE,
        (
            "Bà {other} vay của tôi {amount} đồng từ năm {year} nhưng không trả.",
            "Ông {other} mượn tiền của gia đình tôi, hẹn nhiều lần vẫn không trả nợ.",
        ),
        "Tôi đã đòi nhiều lần nhưng bà ấy tránh mặt.",
        "Đề nghị xã hòa giải giúp.",
    ),
    _s(
        "other",
        P,
        COMMUNE,
        (
            "Tôi chưa thấy tên mình trong danh sách cử tri niêm yết ở thôn.",
            "Tôi muốn hỏi về việc bầu cử đại biểu và danh sách cử tri.",
        ),
        "Tôi đã đủ 18 tuổi và có hộ khẩu thường trú tại thôn.",
        "Đề nghị bổ sung tên tôi vào danh sách cử tri.",
    ),
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Chồng tôi thường xuyên say rượu về đánh đập vợ con.",
            "Tôi bị chồng bạo hành nhiều lần, các con rất sợ hãi.",
        ),
        "Tôi đã báo thôn nhưng chưa có biện pháp gì.",
        "Đề nghị chính quyền can thiệp, bảo vệ mẹ con tôi.",
    ),
    _s(
        "other",
        P + "/" + F,
        COMMUNE,
        (
            "Tôi góp ý chính quyền nên tổ chức nhiều hoạt động văn hóa, thể thao cho thanh niên.",
            "Tôi có một số ý kiến đóng góp chung về phong trào văn hóa ở khu dân cư.",
        ),
        "Nhiều thanh niên rảnh rỗi tụ tập, dễ sa vào tệ nạn.",
        "Mong lãnh đạo xã quan tâm.",
    ),
]

# ---------------------------------------------------------------------------------------
# Eval scenarios: other grievances, or the same ones in other words.

EVAL_SCENARIOS: list[Scenario] = [
    # Land
    _s(
        "land",
        C,
        COMMUNE,
        (
            "Khi làm {project}, cây ăn quả và chuồng trại trên đất nhà tôi được kiểm đếm thiếu.",
            "Biên bản kiểm kê tài sản trên đất chỉ ghi {trees} cây bưởi, trong khi thực tế "
            "gấp đôi.",
        ),
        "Tổ công tác kiểm kê làm qua loa, không có chủ hộ ký.",
        "Đề nghị hội đồng bồi thường kiểm đếm lại tài sản, vật kiến trúc trên đất.",
    ),
    _s(
        "land",
        C + "/" + P,
        COMMUNE,
        (
            "Giá đất tái định cư mà xã đưa ra là {price} đồng/m2, cao hơn giá đền bù đất ở "
            "của nhà tôi.",
            "Tiền đền bù không đủ mua lại lô đất ở khu tái định cư {place}.",
        ),
        "Cả gia đình {n} người không biết ở đâu khi phải giao đất.",
        "Xin xem xét suất tái định cư tối thiểu cho hộ tôi.",
    ),
    _s(
        "land",
        C,
        PROVINCE,
        (
            "Ngày {date}, Chủ tịch UBND xã đã ban hành quyết định giải quyết khiếu nại lần đầu "
            "về việc bồi thường đất của gia đình tôi.",
            "Tôi đã nhận quyết định giải quyết khiếu nại lần đầu về tiền đền bù đất ruộng.",
        ),
        "Tôi không đồng ý với quyết định giải quyết khiếu nại đó vì vẫn giữ nguyên đơn giá cũ.",
        "Nay tôi khiếu nại lần hai, đề nghị Chủ tịch UBND tỉnh xem xét.",
    ),
    _s(
        "land",
        P + "/" + F,
        COMMUNE,
        (
            "Lối đi chung giữa nhà tôi và nhà bà {other} có từ năm {year}, nay bà ấy rào lại "
            "và nhận là đất của mình.",
            "Ngõ đi chung của ba hộ bị nhà hàng xóm xây cổng chặn mất một nửa.",
        ),
        "Gia đình tôi không còn đường ra vào.",
        "Đề nghị xác minh nguồn gốc đất, giải quyết dứt điểm tranh chấp.",
    ),
    _s(
        "land",
        P,
        COMMUNE,
        (
            "Giấy chứng nhận quyền sử dụng đất cấp cho gia đình tôi ghi sai tên và sai diện tích.",
            "Bìa đỏ của nhà tôi in sai số thửa, sai loại đất.",
        ),
        "Tôi đã làm đơn xin đính chính từ tháng {month}/{year} mà chưa có kết quả.",
        "Vì sai giấy tờ nên tôi không thế chấp vay vốn ngân hàng được.",
    ),
    _s(
        "land",
        C + "/" + F,
        COMMUNE,
        (
            "Sau dồn điền đổi thửa, ruộng nhà tôi bị giao thiếu {area} m2 so với trước.",
            "Thôn chia lại ruộng không công bằng, nhà tôi bị dồn vào chỗ trũng không cấy được.",
        ),
        "Ban chỉ đạo dồn điền đổi thửa của thôn không trả lời.",
        "Xin kiểm tra lại phương án giao ruộng.",
    ),
    _s(
        "land",
        C,
        COMMUNE,
        (
            "Tôi nhận thông báo thu hồi đất để làm {project} nhưng không hề được họp dân, lấy "
            "ý kiến.",
            "Xã ra thông báo thu hồi đất ở của gia đình tôi mà không nói rõ căn cứ.",
        ),
        "Đất này là đất ở ổn định, lâu đời của ông bà để lại.",
        "Đề nghị công khai quy hoạch và căn cứ thu hồi đất.",
    ),
    _s(
        "land",
        C,
        DEPARTMENT,
        (
            "Tôi khiếu nại quyết định của Sở Nông nghiệp và Môi trường về việc từ chối đăng ký "
            "biến động đất đai của gia đình tôi.",
            "Sở Nông nghiệp và Môi trường ra quyết định bác hồ sơ sang tên thửa đất {plot} mà "
            "không nêu căn cứ.",
        ),
        "Hồ sơ chuyển nhượng đã được công chứng đầy đủ.",
        "Đề nghị Giám đốc Sở xem xét lại quyết định trên.",
    ),
    _s(
        "land",
        F,
        COMMUNE,
        (
            "Có người san lấp ao, đổ đất lấn ra mương công cộng để phân lô bán nền.",
            "Đất trồng lúa ở cánh đồng {village} bị san lấp trái phép để phân lô.",
        ),
        "Chính quyền thôn biết nhưng không ngăn chặn.",
        "Đề nghị kiểm tra việc sử dụng đất sai mục đích.",
    ),
    # Environment
    _s(
        "environment",
        F + "/" + D,
        DEPARTMENT,
        (
            "Từ đầu mùa vụ, nhà máy sắn của {company} thải nước bẩn xuống suối đầu bản.",
            "Nhà máy chế biến tinh bột sắn của {company} xả thải làm suối đen ngòm.",
        ),
        "Mùi chua, hôi lan khắp bản, trâu bò uống nước suối bị bệnh.",
        "Chúng tôi đề nghị đình chỉ hoạt động xả thải của nhà máy.",
    ),
    _s(
        "environment",
        F,
        COMMUNE,
        (
            "Cơ sở giết mổ trâu bò của ông {other} hoạt động từ 2 giờ sáng, xả máu và phân "
            "xuống cống chung.",
            "Lò mổ gia súc nhỏ lẻ trong xóm thải chất bẩn ra rãnh, ruồi nhặng bu kín.",
        ),
        "Cả xóm phải đóng kín cửa vì mùi tanh.",
        "Đề nghị di dời lò mổ ra khỏi khu dân cư.",
    ),
    _s(
        "environment",
        F,
        DEPARTMENT,
        (
            "Ống khói của {company} trong cụm công nghiệp xả khói đen, có mùi khét.",
            "Khí thải từ lò hơi của {company} bay về khu dân cư mỗi chiều.",
        ),
        "Người dân ho nhiều, cây trồng bị vàng lá.",
        "Đề nghị quan trắc không khí và xử lý doanh nghiệp gây ô nhiễm.",
    ),
    _s(
        "environment",
        F,
        COMMUNE,
        (
            "Có người đổ trộm phế thải xây dựng và rác ven kênh {village}.",
            "Đống rác thải ven đường vào thôn {village} ngày càng lớn, không ai dọn.",
        ),
        "Trời mưa nước rỉ rác chảy xuống ruộng.",
        "Mong xã bố trí thu dọn và lắp camera giám sát.",
    ),
    _s(
        "environment",
        F + "/" + D,
        COMMUNE,
        (
            "Một số người phá rừng phòng hộ ở khu {place} để trồng keo.",
            "Rừng đầu nguồn phía trên thôn {village} bị chặt trụi trong mấy tháng nay.",
        ),
        "Mùa mưa đất đá trôi xuống, nguy cơ sạt lở rất cao.",
        "Đề nghị kiểm lâm và xã ngăn chặn kịp thời.",
    ),
    _s(
        "environment",
        F,
        COMMUNE,
        (
            "Nước giếng khoan nhà tôi có mùi lạ từ khi bãi chôn lấp rác của xã hoạt động.",
            "Bãi rác của xã quá tải, nước rỉ rác ngấm xuống giếng của các hộ quanh đó.",
        ),
        "Nhiều hộ phải mua nước bình để nấu ăn.",
        "Đề nghị kiểm tra chất lượng nước và xử lý bãi rác.",
    ),
    _s(
        "environment",
        F,
        COMMUNE,
        (
            "Xưởng cơ khí nhỏ của hộ ông {other} đặt giữa khu dân cư, cắt sắt gây tiếng ồn "
            "chói tai.",
            "Tiếng máy mài, máy hàn từ xưởng nhà ông {other} kéo dài đến tối.",
        ),
        "Bụi sắt bay sang sân nhà tôi.",
        "Đề nghị kiểm tra tiếng ồn, buộc cơ sở có biện pháp giảm ồn.",
    ),
    _s(
        "environment",
        F,
        DEPARTMENT,
        (
            "Bãi tập kết than, cát của {company} sát đường làng không được che chắn.",
            "{company} tập kết vật liệu, xe ra vào làm bụi mù khu dân cư.",
        ),
        "Gió thổi bụi bay vào nhà, phủ kín bàn ghế, quần áo.",
        "Xin kiểm tra giấy phép môi trường của doanh nghiệp này.",
    ),
    # Social policy
    _s(
        "social_policy",
        P,
        COMMUNE,
        (
            "Cháu {child} mồ côi cả cha lẫn mẹ, đang ở với bà ngoại đã {age} tuổi.",
            "Hai cháu nhỏ mất mẹ, bố bỏ đi, hiện sống nhờ ông bà.",
        ),
        "Gia đình làm hồ sơ xin trợ cấp nuôi dưỡng trẻ mồ côi nhưng chưa được xét.",
        "Kính mong được hưởng chính sách bảo trợ cho các cháu.",
    ),
    _s(
        "social_policy",
        P + "/" + C,
        COMMUNE,
        (
            "Ông nội tôi hưởng trợ cấp tuổi cao, mất ngày {date}, gia đình chưa nhận được "
            "hỗ trợ mai táng phí.",
            "Gia đình đã nộp giấy chứng tử xin chế độ mai táng phí từ {months} tháng trước.",
        ),
        "Cán bộ chính sách bảo phải chờ danh sách.",
        "Đề nghị giải quyết chế độ cho gia đình.",
    ),
    _s(
        "social_policy",
        P,
        COMMUNE,
        (
            "Hội đồng xác định mức độ khuyết tật của xã chưa họp để xác định cho em tôi.",
            "Em tôi bị tai nạn lao động mất khả năng làm việc, chưa được xác định mức độ "
            "khuyết tật.",
        ),
        "Không có giấy xác nhận nên không được hưởng chính sách.",
        "Đề nghị xã sớm tổ chức xác định.",
    ),
    _s(
        "social_policy",
        P,
        COMMUNE,
        (
            "Gia đình tôi có bác là liệt sĩ nhưng chưa được hưởng trợ cấp thờ cúng liệt sĩ.",
            "Mộ liệt sĩ của chú tôi đã được quy tập, nhưng gia đình chưa được hưởng chế độ "
            "thân nhân liệt sĩ.",
        ),
        "Bà nội tôi đã {age} tuổi, là mẹ liệt sĩ.",
        "Xin hướng dẫn thủ tục hưởng chế độ ưu đãi.",
    ),
    _s(
        "social_policy",
        C + "/" + F,
        COMMUNE,
        (
            "Năm nay thôn họp bình xét hộ cận nghèo nhưng nhà tôi bị gạch tên.",
            "Gia đình tôi vừa thoát nghèo thì bị cắt luôn thẻ bảo hiểm y tế và hỗ trợ học phí.",
        ),
        "Thực tế thu nhập bình quân chưa tới {amount} đồng mỗi tháng.",
        "Đề nghị phúc tra, rà soát lại thu nhập của hộ.",
    ),
    _s(
        "social_policy",
        P,
        COMMUNE,
        (
            "Tôi là người dân tộc thiểu số ở bản {village}, chưa được nhận gạo hỗ trợ kỳ giáp hạt.",
            "Chương trình hỗ trợ sinh kế cho đồng bào dân tộc thiểu số ở bản {village} chia "
            "không đều.",
        ),
        "Nhiều hộ đói ăn trong tháng {month}.",
        "Đề nghị kiểm tra danh sách được hỗ trợ.",
    ),
    _s(
        "social_policy",
        F,
        COMMUNE,
        (
            "Tiền trợ cấp hằng tháng của người có công ở xã bị chậm chi trả {months} tháng.",
            "Tiền trợ cấp người khuyết tật tháng {month} đến nay vẫn chưa được phát.",
        ),
        "Nhiều cụ già yếu phải đi lại nhiều lần để hỏi.",
        "Đề nghị chi trả đúng hạn, đến tận nhà cho người không đi được.",
    ),
    # Officials' conduct
    _s(
        "officials_conduct",
        D,
        COMMUNE,
        (
            "Công chức tư pháp xã nhận phong bì {amount} đồng của người dân khi chứng thực "
            "hợp đồng.",
            "Ông {official} ở bộ phận tư pháp gợi ý 'bồi dưỡng' thì mới ký xác nhận nhanh.",
        ),
        "Tôi có ghi âm lại cuộc nói chuyện.",
        "Đề nghị làm rõ hành vi nhận tiền của công chức này.",
    ),
    _s(
        "officials_conduct",
        D,
        PROVINCE,
        (
            "Tôi tố cáo ông Chủ tịch xã {commune} ký khống hồ sơ, nhận tiền để hợp thức hóa "
            "đất lấn chiếm.",
            "Ông {official}, Chủ tịch UBND xã {commune}, đã chỉ đạo sửa hồ sơ để người nhà "
            "hưởng lợi.",
        ),
        "Nhiều người dân bức xúc nhưng không dám lên tiếng.",
        "Đề nghị lãnh đạo tỉnh xác minh và xử lý nghiêm.",
    ),
    _s(
        "officials_conduct",
        D,
        COMMUNE,
        (
            "Cán bộ thôn và một số cán bộ xã tìm cách trù dập những người đi khiếu nại.",
            "Sau khi tôi gửi đơn, công chức {title} gây khó dễ khi tôi làm bất cứ giấy tờ gì.",
        ),
        "Con tôi xin giấy xác nhận cũng bị làm khó.",
        "Đề nghị bảo vệ người tố cáo theo quy định.",
    ),
    _s(
        "officials_conduct",
        D,
        DEPARTMENT,
        (
            "Cán bộ của Sở Xây dựng khi thẩm định hồ sơ đã vòi vĩnh doanh nghiệp chúng tôi "
            "{amount} đồng.",
            "Một chuyên viên Sở Xây dựng hẹn gặp riêng và đòi tiền để ký thẩm định.",
        ),
        "Chúng tôi không chi nên hồ sơ bị treo nhiều tháng.",
        "Đề nghị Giám đốc Sở xử lý cán bộ sai phạm.",
    ),
    _s(
        "officials_conduct",
        D,
        INSPECTORATE,
        (
            "Tôi tố cáo một thanh tra viên trong đoàn thanh tra của Thanh tra tỉnh đã nhận quà "
            "của đơn vị bị thanh tra.",
            "Đoàn thanh tra tỉnh về xã làm việc nhưng thành viên đoàn thanh tra lại ăn uống, "
            "nhận quà của đối tượng bị thanh tra.",
        ),
        "Kết luận thanh tra vì thế không khách quan.",
        "Đề nghị Chánh Thanh tra tỉnh làm rõ.",
    ),
    _s(
        "officials_conduct",
        F,
        COMMUNE,
        (
            "Cán bộ bộ phận văn phòng xã làm việc riêng, chơi điện thoại, để dân chờ lâu.",
            "Trong giờ làm việc, nhiều cán bộ xã vắng mặt không lý do.",
        ),
        "Người dân hỏi thì cán bộ trả lời cộc lốc, thiếu tôn trọng.",
        "Mong lãnh đạo xã chấn chỉnh tác phong, lề lối làm việc.",
    ),
    _s(
        "officials_conduct",
        D,
        PROVINCE,
        (
            "Phó Chủ tịch UBND xã {commune} phụ trách kinh tế nhận tiền của nhà thầu công trình.",
            "Tôi tố cáo bà {official}, Phó chủ tịch xã {commune}, có dấu hiệu vụ lợi khi chọn "
            "nhà thầu.",
        ),
        "Công trình do nhà thầu này làm kém chất lượng nhưng vẫn được nghiệm thu.",
        "Đề nghị cấp có thẩm quyền làm rõ.",
    ),
    _s(
        "officials_conduct",
        D,
        COMMUNE,
        (
            "Trưởng thôn {village} lập danh sách khống để nhận tiền hỗ trợ rồi chiếm đoạt.",
            "Ông {official}, trưởng thôn, tự ý thu thêm của mỗi hộ {amount} đồng ngoài quy định.",
        ),
        "Nhiều hộ có tên trong danh sách nhưng không hề nhận được đồng nào.",
        "Tôi tố cáo và đề nghị thu hồi số tiền bị chiếm đoạt.",
    ),
    # Public services
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Tôi xin giấy xác nhận tình trạng hôn nhân phải đi lại {n} lần.",
            "Xin cấp bản sao trích lục kết hôn mà phải chờ hơn một tuần.",
        ),
        "Lần nào cũng bị yêu cầu bổ sung một loại giấy khác.",
        "Đề nghị hướng dẫn một lần cho đầy đủ.",
    ),
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Tôi làm thủ tục đăng ký khai tử cho bố nhưng bộ phận một cửa báo hệ thống lỗi.",
            "Gia đình đăng ký khai tử cho ông nội từ tuần trước, đến nay chưa có trích lục.",
        ),
        "Không có trích lục khai tử nên chưa làm được các thủ tục khác.",
        "Mong xã giải quyết sớm.",
    ),
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Hồ sơ tôi nộp qua dịch vụ công trực tuyến bị trả lại không rõ lý do.",
            "Tài khoản định danh của tôi không đăng nhập được cổng dịch vụ công để nộp hồ sơ.",
        ),
        "Gọi đường dây nóng thì không ai nghe máy.",
        "Xin được hỗ trợ để hoàn thành thủ tục.",
    ),
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Nước sinh hoạt ở khu {village} đục, có cặn và mùi clo nồng.",
            "Mấy tháng nay nước máy chảy ra màu vàng, không dùng để nấu ăn được.",
        ),
        "Gia đình vẫn phải trả tiền nước đầy đủ mỗi tháng.",
        "Đề nghị công ty cấp nước kiểm tra chất lượng nước.",
    ),
    _s(
        "public_services",
        F,
        COMMUNE,
        (
            "Khu vực thôn {village} mất điện liên tục, mỗi lần mất vài tiếng không báo trước.",
            "Điện lực cắt điện không thông báo, tủ lạnh và máy bơm nhà tôi bị hỏng.",
        ),
        "Các hộ kinh doanh nhỏ bị thiệt hại.",
        "Xin thông báo lịch cắt điện trước để dân chủ động.",
    ),
    _s(
        "public_services",
        F + "/" + P,
        COMMUNE,
        (
            "Bộ phận tiếp nhận và trả kết quả của xã chật chội, không có ghế, không có số thứ tự.",
            "Người dân đến làm thủ tục phải đứng chờ ngoài nắng.",
        ),
        "Người già, phụ nữ mang thai cũng phải chen lấn.",
        "Kiến nghị bố trí lại nơi làm thủ tục cho thuận tiện.",
    ),
    _s(
        "public_services",
        P,
        COMMUNE,
        (
            "Hồ sơ đăng ký kinh doanh hộ cá thể của tôi đã quá hẹn trả kết quả {n} ngày.",
            "Tôi xin cấp lại giấy chứng nhận hộ kinh doanh bị mất nhưng quá hạn vẫn chưa có.",
        ),
        "Phiếu hẹn ghi rõ ngày trả nhưng đến nơi lại bảo chờ.",
        "Đề nghị trả kết quả đúng hẹn và xin lỗi người dân khi trễ hạn.",
    ),
    _s(
        "public_services",
        P,
        COMMUNE,
        (
            "Tôi đề nghị xã niêm yết công khai bộ thủ tục hành chính tại nơi tiếp nhận hồ sơ.",
            "Bảng niêm yết thủ tục hành chính ở xã đã cũ, nhiều thủ tục hết hiệu lực.",
        ),
        "Người dân không biết cần giấy tờ gì, mất bao lâu.",
        "Xin cập nhật và đăng tải lên trang thông tin của xã.",
    ),
    # Infrastructure
    _s(
        "infrastructure",
        P,
        COMMUNE,
        (
            "Cống ngang đường ở đầu thôn {village} bị vỡ, nước tràn mặt đường.",
            "Rãnh thoát nước dọc đường chính bị đất đá lấp kín.",
        ),
        "Xe máy qua lại rất dễ bị trượt ngã.",
        "Đề nghị xã sớm cho sửa chữa.",
    ),
    _s(
        "infrastructure",
        P + "/" + F,
        COMMUNE,
        (
            "Nhà văn hóa thôn {village} mới xây xong được {n} năm đã nứt tường, thấm dột.",
            "Công trình trường mầm non thôn {village} vừa bàn giao đã bong tróc, kém chất lượng.",
        ),
        "Người dân nghi ngờ nhà thầu bớt xén vật liệu.",
        "Đề nghị kiểm tra chất lượng công trình và trách nhiệm nhà thầu.",
    ),
    _s(
        "infrastructure",
        F,
        DEPARTMENT,
        (
            "Dự án nâng cấp đường tỉnh {road} qua xã thi công bỏ dở nhiều tháng.",
            "Đường tỉnh {road} đoạn qua thôn {village} đào xới rồi để đó, bụi và lầy lội.",
        ),
        "Nhiều vụ tai nạn đã xảy ra vì không có biển cảnh báo.",
        "Đề nghị đơn vị thi công khẩn trương hoàn thành.",
    ),
    _s(
        "infrastructure",
        P,
        COMMUNE,
        (
            "Ngã ba gần chợ {village} không có đèn tín hiệu, gờ giảm tốc.",
            "Đoạn đường qua cổng trường thiếu biển báo, xe chạy rất nhanh.",
        ),
        "Tháng trước có một học sinh bị xe tông.",
        "Đề nghị lắp biển báo, gờ giảm tốc bảo đảm an toàn giao thông.",
    ),
    _s(
        "infrastructure",
        F,
        COMMUNE,
        (
            "Nhiều hàng quán lấn chiếm vỉa hè, lòng đường ở khu chợ {village}.",
            "Các hộ kinh doanh dựng mái che, để hàng hóa tràn ra lòng đường.",
        ),
        "Người đi bộ phải đi xuống lòng đường rất nguy hiểm.",
        "Đề nghị lập lại trật tự đô thị, trật tự lòng đường, vỉa hè.",
    ),
    _s(
        "infrastructure",
        P,
        COMMUNE,
        (
            "Kè bờ sông đoạn qua thôn {village} bị sụt, nhiều nhà dân sát mép sông.",
            "Bờ kè mới làm được {n} năm đã bị sạt một đoạn dài.",
        ),
        "Mùa mưa lũ sắp đến, bà con rất lo lắng.",
        "Đề nghị gia cố kè khẩn cấp.",
    ),
    _s(
        "infrastructure",
        F + "/" + P,
        COMMUNE,
        (
            "Nhà bên cạnh đào móng xây nhà làm nứt tường, lún nền nhà tôi.",
            "Công trình xây dựng bên cạnh không che chắn, vật liệu rơi xuống mái nhà tôi.",
        ),
        "Chủ công trình không chịu khắc phục.",
        "Đề nghị xã kiểm tra việc bảo đảm an toàn khi thi công xây dựng.",
    ),
    _s(
        "infrastructure",
        P,
        COMMUNE,
        (
            "Đường vào khu sản xuất của thôn {village} chỉ là đường đất, xe chở nông sản "
            "không vào được.",
            "Bà con thôn {village} xin được hỗ trợ xi măng để bê tông hóa đường nội đồng.",
        ),
        "Nhân dân sẵn sàng góp công, hiến đất làm đường.",
        "Kính mong xã đưa vào kế hoạch đầu tư.",
    ),
    # Other
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Mẹ tôi bị lừa qua mạng mất {amount} đồng do kẻ gian giả danh công an gọi điện.",
            "Nhiều người trong thôn nhận được tin nhắn lừa đảo trúng thưởng.",
        ),
        "Người già không biết nên dễ bị mắc bẫy.",
        "Mong xã tuyên truyền cho bà con cảnh giác.",
    ),
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Một nhóm người thường xuyên tụ tập cờ bạc, ghi lô đề ở quán nước đầu thôn.",
            "Tình trạng đánh bạc ăn tiền diễn ra công khai ở xóm {village}.",
        ),
        "Nhiều gia đình lục đục vì có người nghiện cờ bạc.",
        "Đề nghị triệt phá tụ điểm cờ bạc.",
    ),
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Đêm nào cũng có thanh niên đua xe, nẹt pô ầm ĩ trên đường qua thôn.",
            "Các nhóm thanh niên lạng lách, đánh võng ban đêm gây mất an ninh trật tự.",
        ),
        "Người dân không dám ra đường buổi tối.",
        "Xin tăng cường tuần tra, xử lý.",
    ),
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Tôi xin biểu dương anh {official} đã tận tình giúp đỡ gia đình tôi.",
            "Gia đình tôi trân trọng cảm ơn đoàn thanh niên xã đã giúp dọn dẹp nhà cửa sau lũ.",
        ),
        "Việc làm đẹp này cần được nhân rộng.",
        "Chúc các anh chị luôn mạnh khỏe.",
    ),
    _s(
        "other",
        P,
        COMMUNE,
        (
            "Con tôi nhận lệnh gọi nhập ngũ nhưng đang là lao động chính trong gia đình.",
            "Tôi muốn hỏi về điều kiện tạm hoãn gọi nhập ngũ cho con trai.",
        ),
        "Bố cháu bị bệnh nặng, không làm được việc nặng.",
        "Xin được hướng dẫn quy định về nghĩa vụ quân sự.",
    ),
    _s(
        "other",
        P,
        COMMUNE,
        (
            "Gia đình tôi và nhà ông {other} xảy ra xô xát, cãi chửi nhau vì chuyện con cái.",
            "Bà {other} thường xuyên chửi bới, xúc phạm danh dự gia đình tôi.",
        ),
        "Tôi mong được hòa giải để tình làng nghĩa xóm không căng thẳng.",
        "Đề nghị tổ hòa giải thôn giúp đỡ.",
    ),
    _s(
        "other",
        F,
        COMMUNE,
        (
            "Trâu bò thả rông của một số hộ vào phá hoa màu của nhà tôi.",
            "Đàn dê nhà ông {other} thả rông ăn hết lúa non trên ruộng tôi.",
        ),
        "Nói nhiều lần nhưng họ không quản lý gia súc.",
        "Đề nghị nhắc nhở, buộc bồi thường thiệt hại.",
    ),
    _s(
        "other",
        P,
        COMMUNE,
        (
            "Tôi muốn hỏi thủ tục ly hôn và quyền nuôi con.",
            "Tôi cần được tư vấn pháp luật về việc chia tài sản khi ly hôn.",
        ),
        "Chồng tôi đã bỏ đi làm ăn xa {n} năm không liên lạc.",
        "Xin cán bộ tư vấn giúp tôi nên làm thế nào.",
    ),
]

# ---------------------------------------------------------------------------------------
# Letters written one by one for the eval split (labelled by hand).

HANDWRITTEN: list[dict[str, str]] = [
    # land
    {
        "text": "Kính gửi UBND xã. Tôi là Lò Văn Páo ở bản Nà Sang. Năm 2023 làm đường tránh, "
        "nương ngô của nhà tôi bị lấy mất gần 3 sào mà tới giờ chưa ai đến đo đếm, chưa có "
        "tiền đền bù. Tôi đi hỏi xã thì xã bảo chờ. Xin các đồng chí giúp đỡ.",
        "topic": "land",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "toi muon hoi vi sao dat nha toi da co so do ma xa lai bao nam trong quy hoach "
        "hanh lang duong, khong cho xay nha. mong duoc tra loi",
        "topic": "land",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Chúng tôi gồm 12 hộ dân có đất nông nghiệp bị thu hồi làm khu công nghiệp. "
        "Phương án hỗ trợ đào tạo chuyển đổi nghề và tìm kiếm việc làm không được niêm yết "
        "công khai, mức hỗ trợ mỗi hộ chênh nhau rất nhiều. Chúng tôi khiếu nại quyết định "
        "phê duyệt phương án của UBND xã.",
        "topic": "land",
        "kind": C,
        "agency": COMMUNE,
    },
    {
        "text": "Nhà tôi mua mảnh đất của ông Thành bằng giấy viết tay từ năm 2009, ở ổn định "
        "không tranh chấp. Nay làm sổ đỏ thì xã bảo phải có xác nhận của ông Thành, nhưng "
        "ông đã mất. Tôi phải làm thế nào để được cấp giấy?",
        "topic": "land",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Don khieu nai lan 2. Toi khong dong y quyet dinh giai quyet khieu nai lan dau "
        "cua Chu tich UBND xa ve viec thu hoi dat lam cho. De nghi Chu tich UBND tinh giai "
        "quyet.",
        "topic": "land",
        "kind": C,
        "agency": PROVINCE,
    },
    {
        "text": "Hàng rào nhà ông Sáu dựng lấn qua phần đất hương hỏa nhà tôi cả mét. Tôi "
        "đưa giấy tờ ra thì ông ấy bảo đất ông mua lại. Nhờ xã xuống đo cho rõ.",
        "topic": "land",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Ruộng nhà tôi giáp dự án, chủ đầu tư đổ đất cao hơn làm nước không thoát, "
        "lúa chết úng. Tôi xin được thu hồi luôn phần ruộng còn lại và bồi thường vì không "
        "canh tác được nữa.",
        "topic": "land",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Tôi khiếu nại việc xã cưỡng chế kiểm đếm bắt buộc đất nhà tôi khi chưa hề "
        "vận động, thuyết phục, chưa có quyết định gửi cho gia đình.",
        "topic": "land",
        "kind": C,
        "agency": COMMUNE,
    },
    {
        "text": "Ông nội tôi được hợp tác xã giao đất năm 1988, nay xã lại nói là đất công "
        "ích, đòi thu hồi. Chúng tôi đề nghị xác minh nguồn gốc đất.",
        "topic": "land",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Xin hỏi giá bồi thường đất vườn liền kề đất ở được tính thế nào? Nhà tôi chỉ "
        "được tính như đất trồng cây lâu năm.",
        "topic": "land",
        "kind": P,
        "agency": COMMUNE,
    },
    # environment
    {
        "text": "Từ khi có trại gà công nghiệp của công ty Hòa Phát Farm ở đầu xóm, ruồi bay "
        "vào nhà đen kịt, mâm cơm cũng không ăn được. Chúng tôi phản ánh mãi không ai xử lý.",
        "topic": "environment",
        "kind": F,
        "agency": DEPARTMENT,
    },
    {
        "text": "kenh N4 doan qua thon Dong bi vut rac, xac lon chet boc mui thoi khong chiu "
        "noi. nho xa cho nguoi vot rac va phat nhung ai vut bua",
        "topic": "environment",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Chúng tôi là các hộ dân quanh cụm công nghiệp Tân Lập. Ban đêm doanh nghiệp "
        "đốt gì đó mùi rất hắc, sáng ra lá cây cháy vàng. Đề nghị các cơ quan về lấy mẫu "
        "không khí.",
        "topic": "environment",
        "kind": F,
        "agency": DEPARTMENT,
    },
    {
        "text": "Ông Tư đào ao nuôi cá rồi bơm bùn thải lên đường, trời mưa bùn chảy tràn "
        "xuống ruộng hàng xóm. Mong xã nhắc nhở.",
        "topic": "environment",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Tố cáo xe múc và tàu hút cát không số hiệu khai thác cát lòng sông Hồng đoạn "
        "giáp bãi Đông Hải từ 11 giờ đêm đến 4 giờ sáng. Bờ bãi sạt mất mấy sào ngô.",
        "topic": "environment",
        "kind": D,
        "agency": COMMUNE,
    },
    {
        "text": "Nhà máy bê tông của công ty Sao Mai trộn bê tông cả đêm, tiếng ồn và bụi xi "
        "măng bay sang khu dân cư. Đề nghị kiểm tra giấy phép môi trường.",
        "topic": "environment",
        "kind": F,
        "agency": DEPARTMENT,
    },
    {
        "text": "Người dân trong tổ dân phố đổ nước thải sinh hoạt ra hồ điều hòa, hồ giờ "
        "đen và nổi váng. Đề nghị phường nạo vét và có biện pháp bảo vệ hồ.",
        "topic": "environment",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Đã ba tuần xe rác không vào ngõ 5, rác để trước cửa bốc mùi, giòi bò ra "
        "đường. Tiền rác chúng tôi vẫn đóng đủ.",
        "topic": "environment",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Ai đó đốt dây điện lấy đồng ở bãi đất trống cuối làng, khói đen độc hại "
        "bay vào nhà. Việc này diễn ra gần như hằng tuần.",
        "topic": "environment",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Rừng keo cạnh nhà tôi bị phun thuốc diệt cỏ, gió bay sang vườn rau, gà "
        "nhà tôi chết mấy con. Xin xã kiểm tra việc dùng thuốc hóa chất.",
        "topic": "environment",
        "kind": F,
        "agency": COMMUNE,
    },
    # social policy
    {
        "text": "Cháu chào các bác ở xã. Bà nội cháu 82 tuổi, trước có nhận tiền hằng tháng, "
        "từ khi chuyển khẩu về ở với bố mẹ cháu thì không nhận được nữa. Các bác xem giúp "
        "bà cháu với ạ.",
        "topic": "social_policy",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Tôi là thương binh 2/4, chế độ điều dưỡng năm nay không thấy thông báo. "
        "Hỏi thì cán bộ bảo hết suất. Đề nghị xem lại quyền lợi của tôi.",
        "topic": "social_policy",
        "kind": C,
        "agency": COMMUNE,
    },
    {
        "text": "nha toi ho can ngheo nhung nam nay khong duoc cap the bhyt, con toi dang "
        "dieu tri benh tim phai tu tra tien. xin xa xem lai",
        "topic": "social_policy",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Danh sách hộ nghèo năm nay của thôn có hộ nhà ông trưởng thôn, trong khi nhà "
        "bà Hoa góa chồng, nuôi ba con nhỏ lại không có. Đề nghị bình xét lại công khai.",
        "topic": "social_policy",
        "kind": C,
        "agency": COMMUNE,
    },
    {
        "text": "Gia đình tôi bị sập nhà do sạt lở đất tháng 9, đến nay vẫn ở nhờ nhà văn hóa "
        "thôn. Xin được hỗ trợ làm lại nhà ở và bố trí chỗ ở an toàn.",
        "topic": "social_policy",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Mẹ tôi nằm liệt giường 5 năm, không ai trông nom ban ngày. Xin được xét "
        "trợ cấp chăm sóc người khuyết tật đặc biệt nặng cho người chăm sóc.",
        "topic": "social_policy",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Tôi đề nghị chi trả trợ cấp qua tài khoản ngân hàng, vì người cao tuổi phải "
        "ra bưu điện xếp hàng cả buổi.",
        "topic": "social_policy",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Tiền hỗ trợ lũ lụt xã phát cho thôn tôi mỗi hộ 500 nghìn, nhưng có hộ không "
        "bị ngập vẫn nhận. Xin công khai danh sách.",
        "topic": "social_policy",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Bố tôi tham gia dân công hỏa tuyến, đã nộp hồ sơ hưởng trợ cấp một lần từ "
        "năm ngoái, giờ hồ sơ không biết ở đâu.",
        "topic": "social_policy",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Con tôi học lớp 3, bị tự kỷ, xin xã giới thiệu nơi hỗ trợ can thiệp sớm và "
        "chế độ cho trẻ khuyết tật.",
        "topic": "social_policy",
        "kind": P,
        "agency": COMMUNE,
    },
    # officials' conduct
    {
        "text": "Tôi tố cáo ông Chủ tịch UBND xã Hòa Bình đã nhận 50 triệu đồng của tôi để "
        "hứa cấp đất dịch vụ, đến nay không cấp cũng không trả tiền.",
        "topic": "officials_conduct",
        "kind": D,
        "agency": PROVINCE,
    },
    {
        "text": "Cán bộ địa chính xã Quỳnh Lâm đi đo đất cho dân thì phải có phong bì, ai "
        "không đưa thì để đến cuối. Chúng tôi tố cáo để xã xử lý.",
        "topic": "officials_conduct",
        "kind": D,
        "agency": COMMUNE,
    },
    {
        "text": "bo phan mot cua xa co chi can bo noi chuyen dien thoai ca buoi, nguoi dan "
        "hoi thi gat di, thai do rat kem",
        "topic": "officials_conduct",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Ông phó chủ tịch xã uống rượu say rồi lái xe công gây tai nạn, sau đó nhờ "
        "người nhận thay. Đề nghị làm rõ.",
        "topic": "officials_conduct",
        "kind": D,
        "agency": PROVINCE,
    },
    {
        "text": "Kế toán xã lập chứng từ khống để rút tiền hỗ trợ sản xuất của nông dân. "
        "Chúng tôi có bản photo chứng từ kèm theo.",
        "topic": "officials_conduct",
        "kind": D,
        "agency": COMMUNE,
    },
    {
        "text": "Đảng viên Nguyễn Văn Hải, công chức văn hóa xã, sống chung như vợ chồng "
        "với người khác, vi phạm đạo đức lối sống. Đề nghị xem xét.",
        "topic": "officials_conduct",
        "kind": D,
        "agency": COMMUNE,
    },
    {
        "text": "Khi tôi lên xã hỏi về đơn của mình, công chức tiếp dân nói: 'Đơn của bà để "
        "đó, chừng nào rảnh thì xem'. Tôi thấy thái độ như vậy là không được.",
        "topic": "officials_conduct",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Tố cáo ông Chánh Văn phòng Sở Y tế nhận tiền để sắp xếp việc làm cho người "
        "nhà tôi, nay không xin được việc cũng không trả.",
        "topic": "officials_conduct",
        "kind": D,
        "agency": DEPARTMENT,
    },
    {
        "text": "Cán bộ thú y xã bán vắc xin được cấp miễn phí cho người chăn nuôi, mỗi liều "
        "thu 20 nghìn.",
        "topic": "officials_conduct",
        "kind": D,
        "agency": COMMUNE,
    },
    {
        "text": "Công chức địa chính - xây dựng xã thường xuyên đánh bài ăn tiền cùng mấy "
        "người trong thôn ngay trong giờ làm việc, dân ai cũng biết.",
        "topic": "officials_conduct",
        "kind": D,
        "agency": COMMUNE,
    },
    # public services
    {
        "text": "Tôi đi làm lại căn cước cho mẹ, ra xã thì bảo lên công an, lên công an thì "
        "bảo về xã xin xác nhận. Chạy ba lần vẫn chưa xong giấy tờ.",
        "topic": "public_services",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "De nghi xa bo tri nguoi huong dan nop ho so truc tuyen cho nguoi gia, nhieu "
        "cu khong biet dung dien thoai thong minh.",
        "topic": "public_services",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Giấy hẹn trả kết quả chứng thực là 2 ngày, nay đã 6 ngày vẫn chưa có, cũng "
        "không ai gọi điện xin lỗi.",
        "topic": "public_services",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Xóm tôi 40 hộ vẫn dùng điện qua công tơ tổng của một hộ bán lại với giá cao. "
        "Xin ngành điện lắp công tơ riêng cho từng hộ.",
        "topic": "public_services",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Nước máy chỉ có từ 11 giờ đêm đến 4 giờ sáng, ban ngày không có giọt nào. "
        "Đề nghị đơn vị cấp nước giải thích.",
        "topic": "public_services",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Tôi đăng ký kết hôn với người nước ngoài, nộp hồ sơ lâu rồi nhưng xã nói "
        "chưa làm thủ tục này bao giờ nên chưa biết giải quyết.",
        "topic": "public_services",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Tôi đề nghị xã cho nộp lệ phí bằng chuyển khoản, mỗi lần làm thủ tục phải "
        "mang tiền lẻ rất bất tiện.",
        "topic": "public_services",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Hồ sơ xin giấy phép sửa chữa nhà của tôi bị trả lại ba lần, mỗi lần một cán "
        "bộ yêu cầu một kiểu.",
        "topic": "public_services",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Cổng dịch vụ công báo hồ sơ của tôi đã có kết quả nhưng ra xã thì chưa có "
        "giấy. Xin kiểm tra lại.",
        "topic": "public_services",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Tôi muốn sao y giấy khai sinh cũ từ năm 1975 nhưng xã nói sổ gốc bị mất, "
        "không biết làm cách nào để xin cấp lại.",
        "topic": "public_services",
        "kind": P,
        "agency": COMMUNE,
    },
    # infrastructure
    {
        "text": "Con dốc từ trường cấp hai xuống chợ bị trôi hết lớp nhựa, mưa xuống là sỏi "
        "đá lăn đầy đường. Các cháu đạp xe ngã suốt.",
        "topic": "infrastructure",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "duong lien xa doan qua cau Den bi sut mot ben, chi rao tam bang cay tre. "
        "Dem toi khong co den rat nguy hiem",
        "topic": "infrastructure",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Quốc lộ 1 đoạn qua chợ Cẩm Bình không có vạch sang đường, người già đi chợ "
        "phải băng qua dòng xe tải. Đề nghị làm cầu vượt hoặc đèn tín hiệu.",
        "topic": "infrastructure",
        "kind": P,
        "agency": DEPARTMENT,
    },
    {
        "text": "Công trình kênh mương bê tông năm ngoái mới nghiệm thu nay đã vỡ nhiều đoạn. "
        "Bà con nghi làm ẩu, đề nghị kiểm tra.",
        "topic": "infrastructure",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Nhà ông Lâm xây tầng 3 đổ mái đua ra ngoài lấn sang không gian nhà tôi, xã "
        "chưa xử lý.",
        "topic": "infrastructure",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Khu tái định cư đã có người ở ba năm nhưng chưa có hệ thống thoát nước, "
        "nước thải chảy tràn ra đường.",
        "topic": "infrastructure",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Đề nghị xã làm đường điện chiếu sáng từ ngã tư vào nghĩa trang, người dân đi "
        "thắp hương buổi tối rất tối.",
        "topic": "infrastructure",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Cột điện bê tông đầu ngõ bị xe tông nứt, nghiêng hẳn sang một bên, có thể đổ "
        "bất cứ lúc nào.",
        "topic": "infrastructure",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Cầu bắc qua kênh dẫn vào trường tiểu học quá hẹp, không có lan can, mùa mưa "
        "nước ngập mặt cầu.",
        "topic": "infrastructure",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Dự án đường vành đai đã khởi công 3 năm nhưng đến nay vẫn còn dang dở, ống "
        "cống vứt ngổn ngang chiếm hết lối đi.",
        "topic": "infrastructure",
        "kind": F,
        "agency": COMMUNE,
    },
    # other
    {
        "text": "Con trai tôi 16 tuổi bị một nhóm thanh niên lôi kéo đi đánh nhau, tôi rất "
        "lo. Xin công an xã để ý giúp.",
        "topic": "other",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Toi xin cam on cac chu cong an xa da tim lai chiec xe may bi mat cho gia "
        "dinh toi.",
        "topic": "other",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Nhà hàng xóm tổ chức đám cưới mở nhạc từ 5 giờ sáng, liên tục ba ngày liền. "
        "Đề nghị có quy định về giờ giấc.",
        "topic": "other",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Tôi cho người cháu họ mượn 30 triệu để đi xuất khẩu lao động, nay cháu về "
        "rồi mà không trả. Nhờ xã hòa giải giúp.",
        "topic": "other",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Tôi muốn góp ý là loa phát thanh của thôn nên phát các bản tin vào buổi "
        "chiều thay vì 5 giờ sáng.",
        "topic": "other",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Có người lạ hay đến xóm thu mua chó mèo, nhiều nhà bị mất chó. Nghi là trộm chó.",
        "topic": "other",
        "kind": F,
        "agency": COMMUNE,
    },
    {
        "text": "Xin hỏi con tôi đang học đại học thì có phải đi khám nghĩa vụ quân sự năm "
        "nay không?",
        "topic": "other",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Gia đình tôi mâu thuẫn với nhà thông gia về việc nuôi cháu sau khi con tôi "
        "mất. Xin được hòa giải.",
        "topic": "other",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Đề nghị xã tổ chức lớp học bơi miễn phí cho trẻ em vào mùa hè, năm nào "
        "cũng có cháu bị đuối nước.",
        "topic": "other",
        "kind": P,
        "agency": COMMUNE,
    },
    {
        "text": "Tôi là người theo đạo Công giáo, muốn hỏi thủ tục đăng ký sinh hoạt tôn "
        "giáo tập trung cho nhóm bà con trong xóm.",
        "topic": "other",
        "kind": P,
        "agency": COMMUNE,
    },
]

# Sentences of the seed news reports (../shared/seeds; copies in
# danvan/consultations/data/seed-N.txt) rewritten as a citizen's letter, labelled by hand.
FROM_SEEDS: list[dict[str, str]] = [
    {
        "text": "Tôi đề nghị tăng cường quản lý nhà nước về đất đai ở xã, vì việc san lấp, "
        "chuyển nhượng đất nông nghiệp trái phép diễn ra tràn lan.",
        "topic": "land",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-2",
    },
    {
        "text": "Đề nghị giải quyết hài hòa lợi ích hợp pháp, chính đáng của người dân khi "
        "thu hồi đất làm dự án, tránh để khiếu kiện đông người kéo dài.",
        "topic": "land",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-0",
    },
    {
        "text": "Cán bộ, công chức xã nói không đi đôi với làm, hứa giải quyết đơn cho dân "
        "rồi để đó. Đề nghị nâng cao đạo đức công vụ, xử lý nghiêm cán bộ thiếu trách nhiệm.",
        "topic": "officials_conduct",
        "kind": F,
        "agency": COMMUNE,
        "source": "seed-0",
    },
    {
        "text": "Tôi phản ánh tình trạng cán bộ né tránh, đùn đẩy trách nhiệm, không chịu "
        "đối thoại với dân khi giải quyết khiếu nại.",
        "topic": "officials_conduct",
        "kind": F,
        "agency": COMMUNE,
        "source": "seed-2",
    },
    {
        "text": "Đề nghị xã thực hiện tốt cơ chế một cửa, cán bộ có ý thức, trách nhiệm khi "
        "tiếp nhận, giải quyết thủ tục hành chính cho dân, không để hồ sơ trễ hẹn.",
        "topic": "public_services",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-1",
    },
    {
        "text": "Xã đã có bộ phận một cửa nhưng hồ sơ của dân vẫn phải chờ lâu. Đề nghị đẩy "
        "mạnh cải cách thủ tục hành chính, ứng dụng công nghệ thông tin để giải quyết nhanh.",
        "topic": "public_services",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-3",
    },
    {
        "text": "Đề nghị quan tâm công tác giảm nghèo bền vững, hỗ trợ các hộ nghèo trong "
        "thôn có sinh kế ổn định.",
        "topic": "social_policy",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-0",
    },
    {
        "text": "Dịch bệnh vừa qua nhiều hộ mất việc làm, thu nhập giảm, đề nghị xã chăm lo "
        "đời sống nhân dân, xét hỗ trợ cho các gia đình khó khăn.",
        "topic": "social_policy",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-3",
    },
    {
        "text": "Thôn đã đạt chuẩn nông thôn mới nhưng đường nội đồng và kênh mương chưa được "
        "đầu tư. Đề nghị xã ưu tiên các công trình phục vụ dân sinh.",
        "topic": "infrastructure",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-3",
    },
    {
        "text": "Các công trình do dân đóng góp xây dựng ở thôn cần được dân bàn, dân kiểm "
        "tra, dân giám sát; đề nghị công khai dự toán và chất lượng công trình đường bê tông.",
        "topic": "infrastructure",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-3",
    },
    {
        "text": "Doanh nghiệp trong cụm công nghiệp xả thải làm ô nhiễm môi trường, ảnh hưởng "
        "đời sống nhân dân; đề nghị cải thiện môi trường sống cho người dân quanh đó.",
        "topic": "environment",
        "kind": F,
        "agency": DEPARTMENT,
        "source": "seed-1",
    },
    {
        "text": "Xin phản ánh: bản tôi còn nhiều người nghiện ma túy, đề nghị công an xã "
        "tiếp tục tuyên truyền Luật Phòng, chống ma túy và giữ gìn an ninh trật tự.",
        "topic": "other",
        "kind": F,
        "agency": COMMUNE,
        "source": "seed-3",
    },
    {
        "text": "Hai gia đình trong xóm mâu thuẫn kéo dài, đề nghị tổ hòa giải ở cơ sở "
        "vào cuộc để giải quyết tại chỗ, không để phát sinh bức xúc.",
        "topic": "other",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-4",
    },
    {
        "text": "Tôi góp ý dự thảo văn kiện đại hội: cần lắng nghe tâm tư, nguyện vọng của "
        "nhân dân nhiều hơn nữa.",
        "topic": "other",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-0",
    },
    {
        "text": "Đề nghị xử lý nghiêm cán bộ công chức thiếu trách nhiệm, sai phạm trong "
        "giải quyết khiếu nại, tố cáo để đơn của tôi bị quá hạn luật định.",
        "topic": "officials_conduct",
        "kind": F,
        "agency": COMMUNE,
        "source": "seed-2",
    },
    {
        "text": "Chỉ số hài lòng của người dân với bộ phận tiếp nhận hồ sơ còn thấp, tôi đề "
        "nghị có hòm thư góp ý và khảo sát mức độ hài lòng sau mỗi lần làm thủ tục.",
        "topic": "public_services",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-2",
    },
    {
        "text": "Khu dân cư văn minh mà rác thải vẫn đổ bừa bãi ra bờ sông, đề nghị phường "
        "có biện pháp giữ gìn vệ sinh môi trường đô thị.",
        "topic": "environment",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-0",
    },
    {
        "text": "Đất dự án đầu tư bỏ hoang nhiều năm trong khi dân bị thu hồi ruộng không có "
        "đất sản xuất; đề nghị thu hồi đất của dự án chậm triển khai.",
        "topic": "land",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-2",
    },
    {
        "text": "Đề nghị quan tâm gia đình chính sách, người có công trong dịp lễ, tết, "
        "nhiều cụ neo đơn chưa được thăm hỏi.",
        "topic": "social_policy",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-1",
    },
    {
        "text": "Đường lên bản chưa được cứng hóa, xe cứu thương không vào được; đề nghị đầu "
        "tư giao thông để phát triển kinh tế - xã hội vùng cao.",
        "topic": "infrastructure",
        "kind": P,
        "agency": COMMUNE,
        "source": "seed-3",
    },
    {
        "text": "Tôi thấy người đứng đầu xã chưa nêu gương trong quan hệ với nhân dân, ít "
        "xuống cơ sở, dân gặp rất khó.",
        "topic": "officials_conduct",
        "kind": F,
        "agency": COMMUNE,
        "source": "seed-0",
    },
]

# ---------------------------------------------------------------------------------------
# The letter around the grievance

GREETINGS = {
    TRAIN: [
        "Kính gửi: Ủy ban nhân dân xã {commune}.",
        "Kính gửi: Chủ tịch UBND xã {commune}.",
        "Kính gửi Ban Tiếp công dân.",
        "Kính gửi: Bộ phận tiếp công dân xã {commune}.",
    ],
    EVAL: [
        "Kính gửi các cấp lãnh đạo xã {commune}!",
        "Kính thưa quý cơ quan,",
        "Gửi UBND xã {commune}",
        "Kính gửi: Đồng chí Chủ tịch và các cơ quan chức năng.",
        "Kính gửi lãnh đạo địa phương.",
    ],
}
INTROS = {
    TRAIN: [
        "Tôi tên là {name}, trú tại thôn {village}, xã {commune}.",
        "Tôi là {name}, sinh năm {birth}.",
        "Tôi tên {name}, ở thôn {village}.",
    ],
    EVAL: [
        "Tên tôi là {name}, ở xóm {village}.",
        "Chúng tôi gồm {households} hộ dân thôn {village} cùng ký tên dưới đây.",
        "Em là {name}, hiện sống ở {village}.",
        "Tôi, {name}, thường trú tại tổ dân phố {village}, xin trình bày sự việc.",
    ],
}
REQUESTS = {
    TRAIN: {
        C: (
            "Đề nghị cơ quan có thẩm quyền xem xét lại quyết định trên.",
            "Tôi làm đơn này khiếu nại, mong được giải quyết theo đúng quy định.",
        ),
        D: (
            "Đề nghị xác minh, xử lý nghiêm theo quy định của pháp luật.",
            "Tôi làm đơn tố cáo sự việc trên, đề nghị làm rõ.",
        ),
        P: (
            "Kính đề nghị chính quyền xem xét, giải quyết.",
            "Tôi kiến nghị xã sớm có biện pháp giải quyết.",
        ),
        F: (
            "Tôi phản ánh sự việc để chính quyền biết và xử lý.",
            "Mong các cơ quan chức năng sớm kiểm tra.",
        ),
    },
    EVAL: {
        C: ("Kính mong được xem xét lại cho gia đình tôi.", "Vì vậy tôi làm đơn khiếu nại này."),
        D: (
            "Kính đề nghị lãnh đạo vào cuộc xử lý dứt điểm.",
            "Tôi cam đoan nội dung tố cáo là đúng sự thật.",
        ),
        P: ("Rất mong được quan tâm, xem xét.", "Bà con chúng tôi kiến nghị sớm khắc phục."),
        F: ("Xin phản ánh để các cấp nắm được tình hình.", "Mong được phản hồi sớm."),
    },
}
CLOSINGS = {
    TRAIN: [
        "Tôi xin cam đoan những nội dung trên là đúng sự thật.",
        "Xin trân trọng cảm ơn.",
        "Người làm đơn: {name}.",
    ],
    EVAL: [
        "Rất mong được quan tâm giải quyết sớm.",
        "Em xin cảm ơn ạ.",
        "Người viết đơn (ký, ghi rõ họ tên) {name}",
        "Kính mong lãnh đạo xem xét!",
        "{place}, ngày {day} tháng {month} năm {year}.",
    ],
}

# What people type on phones; the eval split uses its own list.
SHORTHAND = {
    TRAIN: [("không", "ko"), ("được", "đc"), ("Ủy ban nhân dân", "UBND"), ("công ty", "cty")],
    EVAL: [
        ("không", "k"),
        ("được", "dc"),
        ("người", "ng"),
        ("với", "vs"),
        ("rồi", "r"),
        ("gì", "j"),
        ("quyền sử dụng đất", "QSDĐ"),
        ("cán bộ", "cb"),
    ],
}
# Probability of each perturbation, per split.
PERTURB = {
    TRAIN: {"plain": 0.2, "typos": 0.15, "shorthand": 0.15, "lower": 0.05, "run_on": 0.05},
    EVAL: {"plain": 0.35, "typos": 0.3, "shorthand": 0.25, "lower": 0.1, "run_on": 0.15},
}

OFFICIAL_TITLES = {
    TRAIN: ["cán bộ địa chính xã", "công chức văn phòng xã", "cán bộ tư pháp xã"],
    EVAL: ["công chức văn hóa - xã hội", "cán bộ một cửa", "công chức kinh tế xã"],
}
PROCEDURES = [
    "tách thửa đất",
    "chứng thực hợp đồng",
    "đăng ký khai sinh cho con",
    "xin giấy xác nhận",
]
PROJECTS = [
    "đường liên xã",
    "khu dân cư mới",
    "cụm công nghiệp",
    "mở rộng trường học",
    "kênh thủy lợi",
    "trạm biến áp",
    "khu tái định cư",
    "đường cao tốc",
]
RIVERS = ["sông Cầu", "sông Đáy", "sông Lam", "suối Nậm Pàn", "sông Trà Khúc", "kênh Bắc"]
COMPANY_FORMS = ["công ty TNHH", "công ty cổ phần", "công ty"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"


def _money(rng: random.Random, low: int, high: int, step: int) -> str:
    return f"{rng.randrange(low, high, step):,}".replace(",", ".")


def _slots(rng: random.Random, split: str) -> dict[str, str]:
    return {
        "name": _name(rng),
        "other": _name(rng),
        "official": _name(rng),
        "relative": _name(rng),
        "child": rng.choice(GIVENS),
        "village": rng.choice(PLACES),
        "village2": rng.choice(PLACES),
        "commune": rng.choice(PLACES),
        "place": rng.choice(PLACES),
        "company": f"{rng.choice(COMPANY_FORMS)} {rng.choice(COMPANIES)}",
        "river": rng.choice(RIVERS),
        "project": rng.choice(PROJECTS),
        "procedure": rng.choice(PROCEDURES),
        "title": rng.choice(OFFICIAL_TITLES[split]),
        "year": str(rng.randint(2012, 2025)),
        "year2": str(rng.randint(2015, 2025)),
        "birth": str(rng.randint(1948, 2000)),
        "month": str(rng.randint(1, 12)),
        "day": str(rng.randint(1, 28)),
        "date": f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2021, 2026)}",
        "plot": str(rng.randint(5, 990)),
        "sheet": str(rng.randint(1, 60)),
        "area": str(rng.randrange(40, 3000, 10)),
        "price": _money(rng, 40_000, 2_000_000, 5_000),
        "amount": _money(rng, 200_000, 20_000_000, 100_000),
        "months": str(rng.randint(2, 30)),
        "households": str(rng.randint(5, 120)),
        "age": str(rng.randint(60, 98)),
        "km": rng.choice(["1,5", "2", "3", "4,5", "6"]),
        "meters": rng.choice(["0,5", "0,8", "1", "1,5", "2"]),
        "floors": str(rng.randint(2, 6)),
        "road": str(rng.randint(1, 60)),
        "trees": str(rng.randint(10, 90)),
        "n": str(rng.randint(2, 6)),
    }


def _plain(text: str) -> str:
    """Without diacritics, as typed on a phone without a Vietnamese keyboard."""
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
    )
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def _typos(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 4)):
        candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if not candidates:
            break
        index = rng.choice(candidates)
        word = words[index]
        pos = rng.randrange(1, len(word) - 1)
        operation = rng.randrange(4)
        if operation == 0:  # a letter missing
            word = word[:pos] + word[pos + 1 :]
        elif operation == 1:  # two letters swapped
            word = word[: pos - 1] + word[pos] + word[pos - 1] + word[pos + 1 :]
        elif operation == 2:  # a letter doubled
            word = word[:pos] + word[pos] + word[pos:]
        else:  # words run together
            if index + 1 < len(words):
                words[index + 1] = word + words[index + 1]
                word = ""
        words[index] = word
    return " ".join(w for w in words if w)


def _shorthand(rng: random.Random, text: str, split: str) -> str:
    for long, short in SHORTHAND[split]:
        if rng.random() < 0.7:
            text = text.replace(long, short).replace(long.capitalize(), short)
    return text


def _perturb(rng: random.Random, text: str, split: str) -> str:
    chances = PERTURB[split]
    if rng.random() < chances["shorthand"]:
        text = _shorthand(rng, text, split)
    if rng.random() < chances["plain"]:
        text = _plain(text)
    if rng.random() < chances["typos"]:
        text = _typos(rng, text)
    if rng.random() < chances["run_on"]:
        text = text.replace(".", "")
    if rng.random() < chances["lower"]:
        text = text.lower()
    return text


def render(rng: random.Random, scenario: Scenario, split: str) -> dict[str, str]:
    """One letter for ``scenario`` in the wording of ``split``."""
    slots = _slots(rng, split)
    kind = rng.choice(scenario.kinds)
    body = [0] + [i for i in range(1, len(scenario.lines)) if rng.random() < 0.7]
    if split == EVAL and len(body) > 2 and rng.random() < 0.3:
        rest = body[1:]
        rng.shuffle(rest)
        body = [body[0], *rest]
    parts: list[str] = []
    if rng.random() < 0.4:
        parts.append(rng.choice(GREETINGS[split]))
    if rng.random() < 0.5:
        parts.append(rng.choice(INTROS[split]))
    parts.extend(rng.choice(scenario.lines[i]) for i in body)
    if rng.random() < 0.5:
        parts.append(rng.choice(REQUESTS[split][kind]))
    if rng.random() < 0.3:
        parts.append(rng.choice(CLOSINGS[split]))
    text = " ".join(part.format(**slots) for part in parts)
    return {
        "text": _perturb(rng, text, split),
        "topic": scenario.topic,
        "kind": kind,
        "agency": scenario.agency,
        "source": "generated",
    }


def generate(*, split: str, seed: int, per_topic: int | None = None) -> list[dict[str, str]]:
    """The labelled examples of ``split``: the same list for the same seed."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    scenarios = TRAIN_SCENARIOS if split == TRAIN else EVAL_SCENARIOS
    count = DEFAULT_COUNTS[split] if per_topic is None else per_topic
    rows: list[dict[str, str]] = []
    for topic in TOPICS:
        mine = [s for s in scenarios if s.topic == topic]
        # Every scenario in turn, then at random: no scenario is left out of a small set.
        picks = [mine[i % len(mine)] for i in range(min(count, len(mine)))]
        picks += [rng.choice(mine) for _ in range(count - len(picks))]
        rows.extend(render(rng, scenario, split) for scenario in picks)
    if split == EVAL:
        rows.extend({**row, "source": "handwritten"} for row in HANDWRITTEN)
        rows.extend(dict(row) for row in FROM_SEEDS)
    rng.shuffle(rows)
    return rows


def main(argv: list[str] | None = None, *, echo: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description="Sinh tập đơn có nhãn chủ đề (JSONL).")
    parser.add_argument("--split", choices=SPLITS, required=True, help="train hoặc eval.")
    parser.add_argument("--seed", type=int, default=3, help="Hạt giống ngẫu nhiên.")
    parser.add_argument(
        "--per-topic", type=int, default=None, help="Số đơn sinh cho mỗi chủ đề (mặc định)."
    )
    parser.add_argument("--out", type=Path, required=True, help="Tệp JSONL để ghi.")
    args = parser.parse_args(argv)
    if args.per_topic is not None and args.per_topic < 1:
        parser.error("--per-topic phải là số nguyên dương")
    rows = generate(split=args.split, seed=args.seed, per_topic=args.per_topic)
    write_jsonl(rows, args.out)
    echo(f"Đã ghi {len(rows)} đơn ({args.split}) vào {args.out}")
    return 0


def summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Examples per topic (for the docs and the tests)."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["topic"]] = counts.get(row["topic"], 0) + 1
    return counts


if __name__ == "__main__":
    raise SystemExit(main())
