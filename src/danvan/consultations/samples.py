"""Labelled synthetic comments on a commune draft, for tests and the grouping benchmark.

Each article of the imaginary draft is about one topic (village roads, compensation when
land is taken, the sanitation fee, village rules, environment, social support,
administrative procedures, the cultural house) and gets 6–15 distinct opinions of that
topic. Every comment expresses one opinion in its own way: alternative wordings and
synonyms, optional reasons, sentences in another order, greetings and closing formulas,
abbreviations, typos, text typed without diacritics. Opinions of one article share the
topic's vocabulary on purpose: telling them apart is the hard part of the grouping.

A few comments (about 3 %) are off-topic one-offs and get a label of their own. About
5 % of the comments of "propose" and "other" opinions carry the other of those two
positions, as citizens choose them loosely.

Everything is drawn from ``random.Random(seed)``: the same arguments give the same
comments. The sentences were written for this module.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from danvan.consultations.grouping import CommentInput

_ALTERNATIVES = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Opinion:
    position: str
    cores: tuple[str, ...]  # wordings of the opinion itself; {a|b} picks one, <slot> fills in
    reasons: tuple[str, ...] = ()  # optional sentences that may follow
    short: tuple[str, ...] = ()  # terse forms typed by some


def _o(position: str, cores: list[str], reasons: list[str] = [], short: list[str] = []) -> Opinion:  # noqa: B006
    return Opinion(position, tuple(cores), tuple(reasons), tuple(short))


TOPICS: dict[str, list[Opinion]] = {
    "roads": [
        _o(
            "agree",
            [
                "{Tôi|Gia đình tôi} {đồng ý|nhất trí|hoàn toàn đồng ý} với việc "
                "{mở rộng|nâng cấp} đường trục thôn <village> lên <width> mét.",
                "Việc {mở rộng|làm rộng} đường thôn <village> lên <width> mét là "
                "{cần thiết|rất cần thiết|hợp lý}, {tôi|chúng tôi} {ủng hộ|nhất trí}.",
            ],
            [
                "Đường hiện nay quá hẹp, xe tải không tránh được nhau.",
                "{Mùa mưa|Mỗi khi mưa} đường lầy lội, học sinh đi lại rất khó.",
            ],
            ["Đồng ý mở rộng đường <village>.", "Nhất trí làm đường <width> mét."],
        ),
        _o(
            "disagree",
            [
                "{Tôi|Chúng tôi} không đồng ý {hiến đất|phải hiến đất} {không có bồi thường|"
                "mà không được bồi thường} để làm đường thôn <village>.",
                "Bắt dân hiến đất làm đường <village> {mà không bồi thường|không đền bù} "
                "là không {hợp lý|thỏa đáng}.",
            ],
            [
                "Nhiều hộ {chỉ còn|còn rất} ít đất ở, hiến thêm thì không đủ chỗ sinh hoạt.",
                "Cần {thương lượng|bàn bạc} với từng hộ trước.",
            ],
            ["Không đồng ý hiến đất không bồi thường."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {làm|xây} rãnh thoát nước {hai bên|dọc hai bên} đường <village> "
                "{cùng lúc với|đồng thời với} việc {đổ bê tông|làm mặt đường}.",
                "{Cần|Nên} làm {mương|rãnh} thoát nước dọc đường <village> "
                "{trước khi|khi} đổ bê tông mặt đường.",
            ],
            ["Nếu không có rãnh, nước sẽ tràn vào nhà dân {như năm ngoái|mỗi mùa mưa}."],
            ["Làm rãnh thoát nước hai bên đường."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {lắp|lắp đặt} đèn chiếu sáng {trên|dọc} tuyến đường <village> "
                "{để|cho} người dân đi lại {ban đêm|buổi tối} an toàn.",
                "{Cần|Nên} có đèn đường {trên|ở} tuyến <village>, {buổi tối|ban đêm} "
                "{tối om|rất tối}, {dễ|hay} xảy ra tai nạn.",
            ],
            [],
            ["Lắp đèn đường <village>."],
        ),
        _o(
            "disagree",
            [
                "Không {đồng ý|nhất trí} {thu tiền|góp tiền} {mỗi hộ|theo hộ} <money> đồng "
                "để làm đường, {mức này|số tiền này} quá cao.",
                "Mức đóng góp <money> đồng mỗi hộ {để làm đường|cho việc làm đường} là "
                "{quá cao|quá sức} {với|đối với} {bà con|người dân}.",
            ],
            ["Nhiều gia đình {làm nông|làm ruộng}, thu nhập {thấp|bấp bênh}."],
            ["Tiền góp làm đường quá cao."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {miễn|giảm} tiền đóng góp làm đường cho hộ nghèo, "
                "hộ cận nghèo và {gia đình chính sách|người có công}.",
                "{Nên|Cần} {miễn|giảm} {khoản|phần} góp làm đường cho {các hộ nghèo|hộ nghèo} "
                "{và cận nghèo|, cận nghèo}.",
            ],
            [],
            ["Miễn góp tiền đường cho hộ nghèo."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {công khai|niêm yết} {dự toán|kinh phí} và {danh sách|số tiền} "
                "các hộ đóng góp làm đường {tại|ở} nhà văn hóa thôn.",
                "{Cần|Phải} công khai {các khoản|số tiền} {đóng góp|thu chi} làm đường "
                "{để|cho} dân {giám sát|theo dõi}.",
            ],
            ["{Làm như vậy|Như thế} dân mới {yên tâm|tin tưởng} {đóng góp|góp tiền}."],
            ["Công khai thu chi làm đường."],
        ),
        _o(
            "disagree",
            [
                "Tôi không đồng ý {cấm|không cho} xe trên <tons> tấn {đi vào|chạy vào} "
                "đường <village> {cả ngày|suốt ngày}.",
                "{Việc cấm|Cấm} xe trên <tons> tấn {vào đường|đi đường} <village> "
                "{gây khó khăn|ảnh hưởng} {cho việc chở vật liệu|đến việc chở lúa}.",
            ],
            ["Mùa gặt {cần|phải có} xe chở lúa vào tận ruộng."],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {giao|để} {ban giám sát đầu tư cộng đồng|ban giám sát cộng đồng} "
                "{giám sát|theo dõi} {chất lượng|việc thi công} đường <village>.",
                "{Nên|Cần} {có|lập} tổ {giám sát|kiểm tra} của người dân {theo dõi|xem} "
                "{việc thi công|chất lượng} đường.",
            ],
            ["Đường {cũ|làm lần trước} mới hai năm đã {hỏng|nứt vỡ}."],
            [],
        ),
        _o(
            "other",
            [
                "{Hỏi|Xin hỏi} {khi nào|bao giờ} {bắt đầu|khởi công} làm đường <village>, "
                "{thời gian thi công|làm trong bao lâu}?",
                "{Tôi muốn biết|Cho tôi hỏi} {thời gian|lịch} {thi công|khởi công} đường "
                "<village> {cụ thể|như thế nào}.",
            ],
            [],
            [],
        ),
    ],
    "compensation": [
        _o(
            "disagree",
            [
                "{Giá bồi thường|Đơn giá bồi thường} đất nông nghiệp <money> đồng một mét vuông "
                "là {quá thấp|thấp quá}, {tôi|chúng tôi} không đồng ý.",
                "Không {đồng ý|chấp nhận} mức bồi thường <money> đồng/m2 đất {ruộng|nông "
                "nghiệp}, {thấp hơn nhiều|thấp hơn hẳn} giá thị trường.",
            ],
            ["{Với|Bằng} số tiền đó {không mua được|chẳng mua nổi} đất ở nơi khác."],
            ["Giá bồi thường quá thấp."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {hỗ trợ|có chính sách hỗ trợ} {đào tạo nghề|chuyển đổi nghề} "
                "cho {người|lao động} bị thu hồi đất nông nghiệp.",
                "{Cần|Nên} {hỗ trợ|giúp} người mất đất {học nghề|chuyển đổi nghề} "
                "{và tìm việc làm|, tạo việc làm}.",
            ],
            ["Mất ruộng thì {nhiều người|bà con} {không còn|chẳng có} việc làm."],
            ["Hỗ trợ học nghề cho người mất đất."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {bố trí|giao} {đất tái định cư|tái định cư} {ngay trong|tại} xã "
                "{trước khi|rồi mới} thu hồi đất {ở|của dân}.",
                "{Phải|Cần} {có|xây xong} khu tái định cư {trước|trước khi} {giải phóng "
                "mặt bằng|thu hồi đất}.",
            ],
            ["Nhiều gia đình {không biết|chẳng biết} ở đâu {trong thời gian chờ|khi chờ}."],
            [],
        ),
        _o(
            "agree",
            [
                "{Tôi|Gia đình tôi} {đồng ý|nhất trí} với phương án bồi thường, "
                "hỗ trợ {như|theo} dự thảo.",
                "Phương án bồi thường {trong|của} dự thảo {là hợp lý|hợp lý}, "
                "{tôi|chúng tôi} {nhất trí|ủng hộ}.",
            ],
            [],
            ["Đồng ý phương án bồi thường.", "Nhất trí."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {trả|chi trả} tiền bồi thường {một lần|một lần duy nhất} "
                "{trước khi|rồi mới} {bàn giao mặt bằng|nhận đất}.",
                "{Tiền|Khoản} bồi thường {cần|phải} {được trả|trả} {đủ|đầy đủ} "
                "{trước khi|trước lúc} dân bàn giao đất.",
            ],
            ["Dự án {trước|lần trước} {trả chậm|nợ tiền} {cả năm|hơn một năm}."],
            [],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {cách tính|việc tính} {cây trồng|cây ăn quả} trên đất "
                "{theo|bằng} {giá cũ|bảng giá cũ}.",
                "{Giá|Đơn giá} bồi thường cây {ăn quả|trồng} {quá thấp|không sát thực tế}, "
                "{không đồng ý|tôi không nhất trí}.",
            ],
            ["Một cây {nhãn|vải} {mười năm|lâu năm} mà {chỉ được|được có} vài trăm nghìn."],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {tổ chức|mở} {đối thoại|họp} với {các hộ|người dân} bị thu hồi đất "
                "{trước khi|rồi mới} {phê duyệt|duyệt} phương án.",
                "{Cần|Nên} {đối thoại|gặp gỡ} {trực tiếp|riêng} với {từng hộ|các hộ} "
                "{có đất bị thu hồi|mất đất}.",
            ],
            [],
            [],
        ),
        _o(
            "other",
            [
                "{Xin hỏi|Hỏi} {đất|phần đất} {vườn|ao} {liền kề|cùng thửa} với đất ở "
                "{được|thì được} bồi thường {theo giá nào|như thế nào}?",
                "{Cho hỏi|Tôi muốn hỏi} đất vườn {ao|} cùng thửa đất ở {tính giá|được tính} "
                "{ra sao|thế nào}?",
            ],
            [],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {công khai|niêm yết} {bảng|danh sách} bồi thường của từng hộ "
                "{tại|ở} {trụ sở UBND xã|nhà văn hóa thôn}.",
                "{Cần|Phải} công khai {số tiền|mức} bồi thường từng hộ {để|cho} "
                "{dân|bà con} {so sánh|đối chiếu}.",
            ],
            [],
            [],
        ),
    ],
    "fees": [
        _o(
            "agree",
            [
                "{Tôi|Gia đình tôi} {đồng ý|nhất trí} mức thu phí {vệ sinh|thu gom rác} "
                "<money> đồng {mỗi tháng|một tháng} {mỗi hộ|một hộ}.",
                "Mức phí {rác|vệ sinh} <money> đồng {mỗi tháng|/tháng} là "
                "{hợp lý|phù hợp|vừa phải}, {tôi|chúng tôi} {đồng ý|nhất trí}.",
            ],
            [],
            ["Đồng ý mức phí <money>.", "Đồng ý."],
        ),
        _o(
            "disagree",
            [
                "{Mức|Mức thu} <money> đồng {mỗi tháng|một tháng} {là quá cao|cao quá}, "
                "{tôi|chúng tôi} không đồng ý.",
                "Không {đồng ý|nhất trí} {thu phí rác|mức phí} <money> đồng, {quá cao|"
                "cao hơn} {so với|với} thu nhập {của dân|người dân}.",
            ],
            ["{Xã bên|Các xã bên cạnh} chỉ thu {một nửa|ít hơn}."],
            ["Phí cao quá."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {thu phí|tính phí} {theo|dựa theo} số {nhân khẩu|người} "
                "{chứ không|thay vì} {theo hộ|tính theo hộ}.",
                "{Nên|Cần} {tính phí|thu tiền} rác theo đầu người, {hộ|nhà} ít người "
                "{đóng|nộp} ít hơn.",
            ],
            ["Nhà {chỉ có|có} hai ông bà già mà {đóng|nộp} bằng nhà sáu người là không công bằng."],
            ["Thu phí theo nhân khẩu."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {miễn|không thu} phí {vệ sinh|rác} cho hộ nghèo và "
                "{người cao tuổi sống một mình|người già neo đơn}.",
                "{Nên|Cần} miễn {tiền|phí} rác cho {hộ nghèo|các hộ nghèo}, "
                "{người già|cụ già} {neo đơn|sống một mình}.",
            ],
            [],
            ["Miễn phí rác cho hộ nghèo."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {thu|thu phí} {theo quý|ba tháng một lần} {thay vì|chứ không phải} "
                "{hằng tháng|mỗi tháng}.",
                "{Nên|Có thể} {thu|gom tiền} {một quý một lần|theo quý} {cho đỡ|để đỡ} "
                "{phiền|mất công} {cả tổ thu|người thu}.",
            ],
            [],
            [],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {thu phí|thu tiền} {khi|trong khi} {xe rác|xe thu gom} "
                "{chỉ đến|chỉ vào} {một tuần một lần|mỗi tuần một lần}.",
                "Xe rác {một tuần|mỗi tuần} {mới vào|chỉ vào} một lần mà {vẫn|lại} thu "
                "{đủ tiền|đủ phí}, {tôi không đồng ý|không hợp lý}.",
            ],
            ["Rác {để lâu|để nhiều ngày} {bốc mùi|hôi thối}, ruồi nhặng {nhiều|rất nhiều}."],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {công khai|báo cáo} {thu chi|số tiền thu và chi} {phí vệ sinh|tiền "
                "rác} {hằng năm|mỗi năm} {tại|trong} {họp thôn|cuộc họp thôn}.",
                "{Cần|Phải} {công khai|minh bạch} {tiền phí rác|khoản phí vệ sinh} "
                "{đã chi|chi vào việc gì} {cho dân biết|để dân được biết}.",
            ],
            [],
            ["Công khai tiền rác."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {cho|để} {nộp|đóng} phí {qua|bằng} chuyển khoản {hoặc|hay} "
                "{ứng dụng|ví điện tử}.",
                "{Nên|Cần} {có|mở} {tài khoản|số tài khoản} {để|cho} dân {chuyển khoản|nộp "
                "online} {tiền phí|phí rác}.",
            ],
            ["Người {đi làm xa|làm ăn xa} {không|chẳng} có ở nhà {lúc|khi} tổ đến thu."],
            [],
        ),
        _o(
            "other",
            [
                "{Xin hỏi|Hỏi} hộ {kinh doanh|buôn bán} {thì|sẽ} {thu|đóng} phí "
                "{thế nào|bao nhiêu}, {có khác|khác} hộ gia đình không?",
                "{Dự thảo|Văn bản} {chưa nói rõ|không ghi rõ} mức phí {cho|của} hộ "
                "{kinh doanh|buôn bán}, {cho hỏi|xin hỏi} {thu thế nào|tính ra sao}?",
            ],
            [],
            [],
        ),
    ],
    "village_rules": [
        _o(
            "agree",
            [
                "{Tôi|Gia đình tôi} {đồng ý|nhất trí} {quy định|việc quy định} "
                "{tổ chức đám cưới|cỗ cưới} không quá <days> ngày.",
                "{Quy định|Việc giới hạn} đám cưới {trong|không quá} <days> ngày là "
                "{hợp lý|đúng}, {tránh|giảm} {lãng phí|tốn kém}.",
            ],
            [],
            ["Đồng ý cưới không quá <days> ngày."],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {cấm|không cho} {hát karaoke|mở loa} sau <hour> giờ tối "
                "{cả những ngày|kể cả ngày} {lễ tết|cưới hỏi}.",
                "{Cấm|Quy định cấm} karaoke sau <hour> giờ {cả|kể cả} {ngày cưới|dịp lễ tết} "
                "là {quá khắt khe|quá chặt}, tôi không đồng ý.",
            ],
            ["{Đám cưới|Ngày vui} một năm {chỉ có|có} vài lần."],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {quy định|ghi rõ} {mức|âm lượng} loa {karaoke|hát} {không được|"
                "không} {làm ảnh hưởng|ảnh hưởng} {đến|tới} {hàng xóm|nhà bên cạnh}.",
                "{Nên|Cần} {quy định|hạn chế} {âm lượng|độ to} loa {chứ không|thay vì} "
                "cấm {hẳn|hoàn toàn} karaoke.",
            ],
            [],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {bỏ|không} {quy định|tục} {mời cỗ|làm cỗ} {linh đình|to} "
                "{trong đám tang|khi có tang}.",
                "{Đám tang|Việc tang} {nên|cần} {tổ chức|làm} {gọn nhẹ|đơn giản}, "
                "{không làm cỗ|không mời cỗ} {cả làng|linh đình}.",
            ],
            ["{Gia đình có tang|Nhà có người mất} {đã|vốn đã} {vất vả|khó khăn} {lắm rồi|nhiều}."],
            [],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {phạt|xử phạt} <money> đồng {hộ|gia đình} {không đi họp|vắng họp} "
                "thôn.",
                "{Mức phạt|Phạt} <money> đồng {khi|vì} {vắng họp thôn|không dự họp} "
                "{là không đúng|không có căn cứ}, {tôi không đồng ý|không nhất trí}.",
            ],
            ["Hương ước {không được|không có quyền} {đặt ra|quy định} tiền phạt."],
            ["Không phạt tiền vắng họp."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {bổ sung|thêm} quy định {giữ gìn|bảo vệ} vệ sinh {đường làng|ngõ xóm} "
                "{và|,} {không|cấm} {đổ rác|vứt rác} {ra|xuống} {mương|kênh}.",
                "{Hương ước|Quy ước} {nên có|cần thêm} {điều|mục} {cấm|không được} {đổ rác|"
                "xả rác} {xuống|ra} {kênh mương|mương nước}.",
            ],
            [],
            [],
        ),
        _o(
            "agree",
            [
                "{Tôi|Chúng tôi} {nhất trí|đồng ý} {quy định|việc} {thả|nuôi} chó "
                "{phải|cần} {rọ mõm|xích lại} {khi ra đường|ngoài đường}.",
                "Quy định chó {phải|cần} {xích|nhốt} {và|,} {rọ mõm|đeo rọ mõm} là "
                "{rất|} {cần thiết|đúng}.",
            ],
            ["{Trẻ con|Các cháu} {đi học|đi chơi} {hay|thường} bị chó {đuổi|cắn}."],
            ["Đồng ý quy định nuôi chó."],
        ),
        _o(
            "other",
            [
                "{Xin hỏi|Hỏi} hương ước {có|thì có} {áp dụng|bắt buộc} {với|cho} "
                "{người thuê trọ|người ở trọ} {trong thôn|ở thôn} không?",
                "{Người thuê nhà|Người ở trọ} {có phải|phải} {theo|thực hiện} hương ước "
                "thôn {không|hay không}?",
            ],
            [],
            [],
        ),
    ],
    "environment": [
        _o(
            "propose",
            [
                "Đề nghị {di dời|chuyển} {các trại|trại} {lợn|heo} {ra khỏi|ra xa} "
                "khu dân cư {thôn|} <village>.",
                "{Trại|Chuồng} {lợn|heo} {sát|gần} nhà dân {ở|tại} <village> {cần|phải} "
                "{chuyển|dời} {đi nơi khác|ra khu chăn nuôi tập trung}.",
            ],
            ["Mùi hôi {nồng nặc|rất nặng}, {nhất là|đặc biệt} {khi trời nóng|mùa hè}."],
            ["Dời trại lợn ra xa."],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {cấm|quy định cấm} {đốt rơm rạ|đốt rơm} {mà không|khi chưa} "
                "{hướng dẫn|có cách} xử lý {khác|thay thế}.",
                "{Cấm|Chỉ cấm} đốt rơm {nhưng|mà} {không|chẳng} {hỗ trợ|hướng dẫn} "
                "{cách xử lý|chế phẩm ủ rơm} thì {không được|không khả thi}.",
            ],
            [],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {đặt|bố trí} {thêm|} {thùng rác|điểm tập kết rác} {ở|tại} "
                "{đầu|các} {ngõ|xóm} {thôn|} <village>.",
                "{Cần|Nên} có {thêm|} {điểm tập kết rác|thùng rác công cộng} {cho|ở} "
                "<village>, {hiện nay|bây giờ} {dân|người dân} {đổ|vứt} rác {bừa bãi|ven đường}.",
            ],
            [],
            ["Thêm thùng rác <village>."],
        ),
        _o(
            "agree",
            [
                "{Tôi|Gia đình tôi} {đồng ý|ủng hộ} {việc|chủ trương} phân loại rác "
                "{tại nguồn|tại hộ gia đình}.",
                "Phân loại rác {tại nhà|tại nguồn} là {đúng|cần thiết}, {tôi|chúng tôi} "
                "{ủng hộ|sẵn sàng làm}.",
            ],
            ["Rác hữu cơ {có thể|dùng để} ủ phân bón ruộng."],
            ["Đồng ý phân loại rác."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {nạo vét|khơi thông} {mương|kênh} {tiêu nước|thoát nước} "
                "{chảy qua|qua} <village> {trước mùa mưa|hằng năm}.",
                "{Kênh|Mương} {thoát nước|tiêu} {qua|ở} <village> {bị tắc|ứ đọng} {lâu rồi|"
                "nhiều năm}, {cần|đề nghị} {nạo vét|khơi thông}.",
            ],
            ["Năm nào {mưa to|mưa lớn} {cũng|lại} {ngập|úng} {ruộng|nhà dân}."],
            [],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {xây|đặt} {lò đốt rác|bãi rác} {gần|cạnh} {khu dân cư|trường học} "
                "{thôn|} <village>.",
                "{Đặt|Xây} lò đốt rác {cạnh|gần} <village> {sẽ|thì} {ô nhiễm|ảnh hưởng "
                "sức khỏe}, {tôi|chúng tôi} không đồng ý.",
            ],
            ["{Khói|Khói bụi} {bay vào|ảnh hưởng} {nhà dân|trường mầm non}."],
            ["Không xây lò rác gần dân."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {tăng|nâng} {mức phạt|xử phạt} {đối với|với} {hành vi|việc} "
                "{xả nước thải|xả thải} {ra|xuống} {kênh|sông}.",
                "{Cần|Phải} {xử lý|phạt} {nghiêm|nặng} {các cơ sở|cơ sở} {xả thải|xả nước "
                "bẩn} {ra kênh|xuống sông}.",
            ],
            [],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {trồng|trồng thêm} cây xanh {dọc|hai bên} {đường làng|các tuyến "
                "đường} {và|,} {quanh|ở} nhà văn hóa.",
                "{Nên|Cần} {trồng|trồng thêm} cây {bóng mát|xanh} {ở|dọc} đường làng, "
                "{có|giao} {thôn|hộ} {chăm sóc|trông}.",
            ],
            [],
            [],
        ),
    ],
    "social": [
        _o(
            "propose",
            [
                "Đề nghị {nâng|tăng} mức {trợ cấp|hỗ trợ} {hằng tháng|mỗi tháng} {cho|đối với} "
                "người cao tuổi {từ|trên} <age> tuổi.",
                "{Mức|Khoản} {trợ cấp|hỗ trợ} người già {trên|từ} <age> tuổi {còn|hiện} "
                "{thấp|ít}, {đề nghị|cần} {tăng thêm|nâng lên}.",
            ],
            [
                "{Giá cả|Chi phí sinh hoạt} {tăng|tăng nhiều} {mà|nhưng} {trợ cấp|tiền hỗ trợ} "
                "{không đổi|vẫn thế}."
            ],
            ["Tăng trợ cấp người già."],
        ),
        _o(
            "agree",
            [
                "{Tôi|Gia đình tôi} {đồng ý|nhất trí} {việc|chính sách} hỗ trợ "
                "{tiền|} {mua|đóng} bảo hiểm y tế {cho|đối với} hộ cận nghèo.",
                "Hỗ trợ {đóng|mua} bảo hiểm y tế cho hộ cận nghèo là {rất|} {thiết thực|"
                "cần thiết}, {tôi|chúng tôi} {ủng hộ|đồng ý}.",
            ],
            [],
            ["Đồng ý hỗ trợ bảo hiểm y tế."],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {cách|việc} {bình xét|xét} hộ nghèo {chỉ|} {do|bởi} "
                "{trưởng thôn|thôn} {quyết định|tự quyết}.",
                "{Việc|Cách} bình xét hộ nghèo {hiện nay|như dự thảo} {chưa|không} "
                "{công bằng|khách quan}, {tôi|chúng tôi} không đồng ý.",
            ],
            ["Có hộ {khá giả|có nhà to} vẫn {được|có tên} {trong danh sách|là hộ nghèo}."],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {công khai|niêm yết} danh sách {hộ nghèo|hộ được hỗ trợ} "
                "{tại|ở} nhà văn hóa {thôn|} {để|cho} dân {góp ý|giám sát}.",
                "{Cần|Phải} {công khai|dán} danh sách {hộ nghèo|hộ nhận hỗ trợ} {ở|tại} "
                "{thôn|nhà văn hóa} {cho|để} {bà con|người dân} biết.",
            ],
            [],
            ["Công khai danh sách hộ nghèo."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {hỗ trợ|có chính sách hỗ trợ} {sửa nhà|sửa chữa nhà} "
                "{cho|đối với} {hộ nghèo|người có công} {có nhà dột nát|nhà xuống cấp}.",
                "{Nhiều|Một số} {hộ nghèo|gia đình} {đang ở|còn ở} nhà {dột nát|tạm}, "
                "{cần|đề nghị} {hỗ trợ|giúp} {sửa|làm lại} nhà.",
            ],
            [],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {thăm hỏi|tặng quà} {trẻ em|các cháu} {mồ côi|có hoàn cảnh đặc biệt} "
                "{vào|trong} {dịp tết|ngày tết} {và|,} {khai giảng|năm học mới}.",
                "{Nên|Cần} {có|dành} {quà|suất quà} {cho|tặng} trẻ {mồ côi|khó khăn} "
                "{mỗi|vào} {dịp tết|năm học mới}.",
            ],
            [],
            [],
        ),
        _o(
            "other",
            [
                "{Xin hỏi|Cho hỏi} {thủ tục|hồ sơ} {đề nghị|xin} trợ cấp {cho|} "
                "người khuyết tật {gồm|cần} {những gì|giấy tờ gì}?",
                "{Tôi muốn biết|Hỏi} {làm|nộp} hồ sơ trợ cấp người khuyết tật {ở đâu|"
                "tại đâu} {và cần gì|, cần giấy gì}?",
            ],
            [],
            [],
        ),
    ],
    "procedures": [
        _o(
            "agree",
            [
                "{Tôi|Chúng tôi} {đồng ý|nhất trí} {việc|} {nhận|tiếp nhận} hồ sơ "
                "{trực tuyến|qua mạng} {trên|qua} cổng dịch vụ công.",
                "{Nộp|Làm} hồ sơ {trực tuyến|online} {rất|} {tiện|thuận tiện}, {tôi|chúng tôi} "
                "{ủng hộ|đồng ý}.",
            ],
            [],
            ["Đồng ý nộp hồ sơ online."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {bộ phận một cửa|bộ phận tiếp nhận} {làm việc|mở cửa} {cả|vào} "
                "sáng thứ bảy.",
                "{Nên|Cần} {mở|làm việc} {bộ phận|phòng} một cửa {sáng thứ bảy|thứ bảy} "
                "{để|cho} người đi làm {nộp|làm} hồ sơ.",
            ],
            ["Ngày thường {người đi làm|công nhân} {không|chẳng} {xin nghỉ|nghỉ} được."],
            ["Mở một cửa thứ bảy."],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {yêu cầu|bắt} {nộp|nộp thêm} {bản sao|giấy tờ} "
                "{chứng thực|công chứng} {khi|trong khi} {đã có|đã} {dữ liệu dân cư|căn cước}.",
                "{Đã có|Có} căn cước {gắn chip|điện tử} {rồi|} {mà|lại} {vẫn|còn} "
                "{bắt|yêu cầu} {nộp|photo} {bản sao|giấy tờ} là không {cần thiết|hợp lý}.",
            ],
            [],
            ["Không bắt nộp bản sao."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {rút ngắn|giảm} thời gian {giải quyết|cấp} {giấy chứng nhận|sổ đỏ} "
                "{xuống|còn} <days> ngày.",
                "Thời gian {cấp sổ đỏ|làm giấy chứng nhận} {quá lâu|lâu quá}, {đề nghị|nên} "
                "{rút xuống|rút ngắn còn} <days> ngày.",
            ],
            [],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {niêm yết|công khai} {đầy đủ|rõ} {thủ tục|các thủ tục} {và|,} "
                "{lệ phí|phí} {tại|ở} {bộ phận một cửa|trụ sở xã}.",
                "{Cần|Phải} {dán|niêm yết} {danh mục|bảng} thủ tục {và|kèm} lệ phí "
                "{cho|để} dân {biết|dễ xem}.",
            ],
            [],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {có|bố trí} {người|cán bộ} {hướng dẫn|giúp} {người già|người cao tuổi} "
                "{nộp hồ sơ|làm thủ tục} {trực tuyến|qua mạng}.",
                "{Người già|Các cụ} {không biết|chưa quen} {dùng|sử dụng} điện thoại, "
                "{cần|nên} có {người|cán bộ} hướng dẫn {làm hồ sơ|nộp hồ sơ}.",
            ],
            [],
            [],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {thu|thu thêm} {phí|lệ phí} {trích lục|sao lục} {hồ sơ|giấy tờ} "
                "{địa chính|đất đai} <money> đồng.",
                "{Phí|Lệ phí} {trích lục|sao} {hồ sơ|bản đồ} địa chính <money> đồng "
                "là {quá cao|cao quá}, {không đồng ý|không hợp lý}.",
            ],
            [],
            [],
        ),
        _o(
            "other",
            [
                "{Xin hỏi|Hỏi} {người|dân} {ở xa|làm ăn xa} {có|thì có} {được|thể} "
                "{ủy quyền|nhờ người} {nộp|làm} hồ sơ {không|được không}?",
                "{Cho hỏi|Tôi hỏi} {có|có thể} {ủy quyền|nhờ người thân} {làm thủ tục|nộp "
                "giấy tờ} {thay|hộ} {không|được không}?",
            ],
            [],
            [],
        ),
    ],
    "cultural_house": [
        _o(
            "propose",
            [
                "Đề nghị {mở cửa|mở} nhà văn hóa {thôn|} <village> {đến|tới} <hour> giờ "
                "{tối|đêm} {để|cho} {thanh niên|bà con} {tập thể thao|sinh hoạt}.",
                "{Nhà văn hóa|Nhà văn hoá} <village> {nên|cần} {mở|mở cửa} {muộn hơn|đến} "
                "<hour> giờ, {buổi tối|tối} {mới có|dân mới có} {thời gian|thì giờ}.",
            ],
            ["{Ban ngày|Ban ngày thì} {ai cũng|mọi người} {đi làm|bận đi làm}."],
            ["Mở nhà văn hóa đến <hour> giờ."],
        ),
        _o(
            "agree",
            [
                "{Tôi|Chúng tôi} {đồng ý|nhất trí} {giờ|lịch} {mở cửa|hoạt động} "
                "nhà văn hóa {như|theo} dự thảo.",
                "Giờ mở cửa nhà văn hóa {trong|của} dự thảo {là|} {hợp lý|phù hợp}, "
                "{tôi|chúng tôi} {đồng ý|nhất trí}.",
            ],
            [],
            ["Đồng ý giờ mở cửa.", "Nhất trí."],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {thu tiền|thu phí} {sử dụng|thuê} nhà văn hóa {<money> đồng|} "
                "{cho|đối với} {đám cưới|việc cưới} {của|trong} thôn.",
                "Nhà văn hóa {là|do} {của dân|dân góp tiền xây}, {thu tiền|thu phí} "
                "{thuê|khi dùng} {làm đám cưới|tổ chức cưới} là không {hợp lý|đúng}.",
            ],
            [],
            ["Không thu tiền thuê nhà văn hóa."],
        ),
        _o(
            "propose",
            [
                "Đề nghị {cho|để} {các cụ|hội người cao tuổi} {tập dưỡng sinh|sinh hoạt} "
                "{ở|tại} nhà văn hóa {vào|mỗi} buổi sáng.",
                "{Nên|Cần} {dành|ưu tiên} {buổi sáng|giờ sáng} {cho|để} {các cụ|người cao tuổi} "
                "{tập dưỡng sinh|tập thể dục} {ở|tại} nhà văn hóa.",
            ],
            [],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {lắp|đầu tư} {thêm|} {dụng cụ|thiết bị} {thể thao|tập thể dục} "
                "{ở|tại} {sân|khuôn viên} nhà văn hóa.",
                "{Sân|Khuôn viên} nhà văn hóa {nên|cần} {có|lắp} {thêm|} {dụng cụ|máy} "
                "{tập thể dục|thể thao} {ngoài trời|cho dân}.",
            ],
            [],
            [],
        ),
        _o(
            "disagree",
            [
                "Không đồng ý {đóng cửa|khóa cửa} nhà văn hóa {vào|trong} {ngày|các ngày} "
                "{chủ nhật|cuối tuần}.",
                "{Cuối tuần|Chủ nhật} {mới|là lúc} {có|dân có} thời gian {sinh hoạt|họp mặt}, "
                "{đóng cửa|khóa cửa} nhà văn hóa {ngày đó|lúc đó} là {không đúng|vô lý}.",
            ],
            [],
            [],
        ),
        _o(
            "propose",
            [
                "Đề nghị {mở|lập} {tủ sách|thư viện nhỏ} {tại|ở} nhà văn hóa {cho|để} "
                "{các cháu|học sinh} {đọc|mượn} sách.",
                "{Nên|Cần} có {tủ sách|góc đọc sách} {trong|ở} nhà văn hóa {cho|dành cho} "
                "{thiếu nhi|trẻ em}.",
            ],
            [],
            [],
        ),
        _o(
            "other",
            [
                "{Xin hỏi|Hỏi} {ai|người nào} {chịu trách nhiệm|giữ chìa khóa} {mở cửa|quản lý} "
                "nhà văn hóa {buổi tối|ngoài giờ}?",
                "{Cho hỏi|Tôi muốn hỏi} {ai|ai sẽ} {quản lý|trông coi} nhà văn hóa "
                "{và|,} {liên hệ|gọi} {ai|người nào} {khi cần|để mượn}?",
            ],
            [],
            [],
        ),
    ],
}

VILLAGES = [
    "Đông", "Đoài", "Thượng", "Hạ", "Trung", "Bắc Sơn", "Tân Lập", "Phú Mỹ", "An Hòa",
    "Lương Điền", "Cầu Gỗ", "Bến Đò", "Gò Mây", "Đồng Chùa", "Xóm Mới",
]  # fmt: skip
GREETINGS = [
    "Kính gửi Ban soạn thảo,",
    "Kính gửi UBND xã.",
    "Kính gửi Ủy ban nhân dân xã,",
    "Kính thưa các đồng chí lãnh đạo xã,",
    "Tôi xin góp ý như sau:",
    "Tôi xin góp ý:",
    "Em xin phép góp ý ạ.",
    "Ý kiến của tôi như sau:",
    "Tôi là người dân thôn <village>, xin có ý kiến:",
    "Sau khi đọc dự thảo, tôi xin góp ý.",
    "Kính gửi Ban soạn thảo. Tôi xin góp ý như sau:",
]
CLOSINGS = [
    "Trân trọng.",
    "Xin cảm ơn!",
    "Trân trọng cảm ơn.",
    "Mong Ban soạn thảo xem xét.",
    "Rất mong được tiếp thu.",
    "Xin chân thành cảm ơn.",
    "Mong xã xem xét, cảm ơn.",
]
FILLERS = [
    "Đây là ý kiến của cá nhân tôi.",
    "Tôi đã đọc kỹ dự thảo.",
    "Ý kiến này cũng là của nhiều hộ trong xóm.",
    "Theo tôi là như vậy.",
]
OFF_TOPIC = [
    "Đề nghị sửa {đèn đường|cống} ở {ngõ|xóm} <n> thôn <village>.",
    "Nhà tôi bị {mất điện|mất nước} {mấy ngày nay|từ hôm qua}, đề nghị xã {kiểm tra|xem}.",
    "Cho hỏi {lịch tiêm phòng|lịch khám bệnh} {cho trẻ|người già} tháng <n>?",
    "{Đề nghị|Xin} xã {xử lý|giải quyết} {việc|vụ} {lấn chiếm|tranh chấp} ranh đất "
    "{của nhà|với nhà} ông <name>.",
    "Khi nào {trả|có} kết quả {hồ sơ|đơn} của tôi nộp {ngày|hôm} <n>?",
    "Cán bộ {thôn|tổ} <n> {thái độ|cư xử} {chưa tốt|không đúng mực} {khi|lúc} tiếp dân.",
    "Đề nghị {tổ chức|mở} lớp {bơi|dạy bơi} cho {trẻ em|học sinh} {hè này|mùa hè}.",
]  # fmt: skip
NAMES = ["Tư", "Bảy", "Hòa", "Lộc", "Sáu", "Thành", "Khải", "Nhàn"]
ABBREVIATIONS = [
    ("không", "ko"),
    ("không", "k"),
    ("được", "đc"),
    ("Ủy ban nhân dân", "UBND"),
    ("người", "ng"),
    ("xã", "xa"),
    ("với", "vs"),
]
_TOPIC_NAMES = list(TOPICS)


def _expand(template: str, rng: random.Random, slots: dict[str, str]) -> str:
    text = _ALTERNATIVES.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    for key, value in slots.items():
        text = text.replace(f"<{key}>", value)
    return re.sub(r"\s+([,.?!:])", r"\1", re.sub(r"\s+", " ", text)).strip()


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("đ", "d").replace("Đ", "D")


def _typos(text: str, rng: random.Random, count: int) -> str:
    chars = list(text)
    for _ in range(count):
        letters = [i for i, ch in enumerate(chars) if ch.isalpha()]
        if len(letters) < 4:
            break
        i = rng.choice(letters[1:-1])
        kind = rng.randrange(4)
        if kind == 0:  # swapped neighbours
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif kind == 1:  # dropped letter
            del chars[i]
        elif kind == 2:  # doubled letter
            chars.insert(i, chars[i])
        else:  # tone mark lost on one letter
            chars[i] = _strip_diacritics(chars[i])
    return "".join(chars)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _comment_text(opinion: Opinion, rng: random.Random, slots: dict[str, str]) -> str:
    if opinion.short and rng.random() < 0.12:
        parts = [_expand(rng.choice(opinion.short), rng, slots)]
    else:
        parts = [_expand(rng.choice(opinion.cores), rng, slots)]
        reasons = list(opinion.reasons)
        rng.shuffle(reasons)
        for reason in reasons[: rng.choice((0, 0, 1, 1, 2))]:
            parts.append(_expand(reason, rng, slots))
        if rng.random() < 0.15:
            parts.append(rng.choice(FILLERS))
        if len(parts) > 1 and rng.random() < 0.35:
            rng.shuffle(parts)  # the reason before the opinion
    parts = [_sentence_case(p) for p in parts]
    if rng.random() < 0.4:
        parts.insert(0, _expand(rng.choice(GREETINGS), rng, slots))
    if rng.random() < 0.3:
        parts.append(rng.choice(CLOSINGS))
    return _noisy(" ".join(parts), rng)


def _noisy(text: str, rng: random.Random) -> str:
    if rng.random() < 0.2:
        for full, short in rng.sample(ABBREVIATIONS, 2):
            text = text.replace(full, short)
    if rng.random() < 0.3:
        text = _typos(text, rng, rng.randint(1, 3))
    if rng.random() < 0.15:
        text = _strip_diacritics(text)
    roll = rng.random()
    if roll < 0.1:
        text = text.lower()
    elif roll < 0.13:
        text = text.upper()
    if rng.random() < 0.05:
        text = text.rstrip(".") + "!!!"
    if rng.random() < 0.05:
        text = unicodedata.normalize("NFD", text)  # typed on a phone that decomposes
    return text


def labelled_comments(
    *, articles: int, per_article: int, seed: int
) -> tuple[list[CommentInput], dict[int, int]]:
    """``articles`` × ``per_article`` comments and the true opinion of each comment id.

    Comment ids run from 1; sections from 1 to ``articles``. Labels of the opinions of
    article ``a`` are ``a * 100 + k``; an off-topic one-off gets ``-id``.
    """
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    comments: list[CommentInput] = []
    labels: dict[int, int] = {}
    next_id = 1
    for article in range(1, articles + 1):
        topic = TOPICS[_TOPIC_NAMES[(article - 1) % len(_TOPIC_NAMES)]]
        count = rng.randint(min(6, len(topic)), min(15, len(topic)))
        chosen = rng.sample(range(len(topic)), count)
        # A few opinions are shared by many, most by a few (roughly Zipf).
        weights = [1.0 / (rank + 1) ** 0.9 for rank in range(count)]
        slots = {
            "village": rng.choice(VILLAGES),
            "width": str(rng.choice((4, 5, 6, 7))),
            "money": rng.choice(("10.000", "15.000", "20.000", "25.000", "30.000", "50.000")),
            "tons": str(rng.choice((2, 3, 5, 10))),
            "days": str(rng.choice((1, 2, 3, 15, 20))),
            "hour": str(rng.choice((21, 22, 23))),
            "age": str(rng.choice((75, 80))),
        }
        for _ in range(per_article):
            comment_id = next_id
            next_id += 1
            people = 1 if rng.random() < 0.85 else rng.choice((2, 3, 5, 8, 12, 20, 35))
            if rng.random() < 0.03:
                extra = {"n": str(rng.randint(1, 30)), "name": rng.choice(NAMES), **slots}
                text = _noisy(_expand(rng.choice(OFF_TOPIC), rng, extra), rng)
                position = rng.choice(("propose", "other"))
                comments.append(CommentInput(comment_id, article, position, text, people))
                labels[comment_id] = -comment_id
                continue
            k = rng.choices(range(count), weights)[0]
            opinion = topic[chosen[k]]
            position = opinion.position
            if position in ("propose", "other") and rng.random() < 0.05:
                position = "other" if position == "propose" else "propose"
            text = _comment_text(opinion, rng, slots)
            comments.append(CommentInput(comment_id, article, position, text, people))
            labels[comment_id] = article * 100 + k
    return comments, labels
