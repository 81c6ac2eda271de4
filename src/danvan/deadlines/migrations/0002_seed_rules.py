"""Seed the statutory deadline rules.

A frozen copy of ``danvan.deadlines.legal_rules.RULES`` as it was when this migration
was written: migrations must not import app code that changes later. Correct a rule
with a new migration, never by editing this one.
"""

from datetime import date

from django.db import migrations

RULES = [{'rule_id': 'complaint.filing',
  'effective_from': '2012-07-01',
  'effective_until': None,
  'title': 'Thời hiệu khiếu nại',
  'days': 90,
  'unit': 'calendar',
  'direction': 'after',
  'starts_on': 'ngày nhận được hoặc biết được quyết định hành chính, hành vi hành chính',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Khiếu nại 2011, Điều 9',
  'source_note': "Value confirmed (secondary): luatsugiadinh.net.vn, 'Luật sư chuyên soạn đơn "
                 "khởi kiện, khiếu nại' (90 days). Article number from the brief, not seen in "
                 'a source.'},
 {'rule_id': 'complaint.accept',
  'effective_from': '2012-07-01',
  'effective_until': '2026-06-30',
  'title': 'Thời hạn thụ lý giải quyết khiếu nại lần đầu',
  'days': 10,
  'unit': 'calendar',
  'direction': 'after',
  'starts_on': 'ngày nhận được khiếu nại thuộc thẩm quyền',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Khiếu nại 2011, Điều 27',
  'source_note': "Confirmed: thuvienphapluat.vn, 'Thời gian thụ lý đơn khiếu nại và thời gian "
                 "giải quyết đơn khiếu nại tối đa là bao lâu theo quy định pháp luật?' (quotes "
                 "Art. 27). Unit unconfirmed: the statute says 'ngày' (calendar); implementing "
                 'texts are reported to count working days, not found.'},
 {'rule_id': 'complaint.accept',
  'effective_from': '2026-07-01',
  'effective_until': None,
  'title': 'Thời hạn thụ lý giải quyết khiếu nại lần đầu',
  'days': 7,
  'unit': 'working',
  'direction': 'after',
  'starts_on': 'ngày nhận được khiếu nại thuộc thẩm quyền',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Nghị định 155/2026/NĐ-CP sửa đổi Nghị định 124/2020/NĐ-CP',
  'source_note': 'Unconfirmed, reported in the brief; no source found for Nghị định 155/2026 '
                 'or its effective date.'},
 {'rule_id': 'complaint.first',
  'effective_from': '2012-07-01',
  'effective_until': None,
  'title': 'Thời hạn giải quyết khiếu nại lần đầu',
  'days': 30,
  'unit': 'calendar',
  'direction': 'after',
  'starts_on': 'ngày thụ lý',
  'variants': {'complex': 45, 'remote': 45, 'remote_complex': 60},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Khiếu nại 2011, Điều 28',
  'source_note': "Confirmed: thuvienphapluat.vn, 'Thời hạn thụ lý giải quyết khiếu nại là bao "
                 "nhiêu ngày? Khiếu nại các quyết định nào thì không được thụ lý giải quyết?' "
                 "(quotes Art. 28 and 37). Unit unconfirmed: the statute says 'ngày' "
                 '(calendar); implementing texts are reported to count working days, not '
                 'found.'},
 {'rule_id': 'complaint.second_filing',
  'effective_from': '2012-07-01',
  'effective_until': None,
  'title': 'Thời hạn khiếu nại lần hai',
  'days': 30,
  'unit': 'calendar',
  'direction': 'after',
  'starts_on': 'ngày nhận được quyết định giải quyết lần đầu, hoặc ngày hết thời hạn giải '
               'quyết lần đầu mà khiếu nại không được giải quyết',
  'variants': {'remote': 45},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Khiếu nại 2011, Điều 33',
  'source_note': "Values confirmed (secondary): luatsugiadinh.net.vn, 'Luật sư chuyên soạn đơn "
                 "khởi kiện, khiếu nại' (30 days, 45 in remote areas). Article number from the "
                 'brief, not seen in a source.'},
 {'rule_id': 'complaint.second',
  'effective_from': '2012-07-01',
  'effective_until': None,
  'title': 'Thời hạn giải quyết khiếu nại lần hai',
  'days': 45,
  'unit': 'calendar',
  'direction': 'after',
  'starts_on': 'ngày thụ lý',
  'variants': {'complex': 60, 'remote': 60, 'remote_complex': 70},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Khiếu nại 2011, Điều 37',
  'source_note': "Confirmed: thuvienphapluat.vn, 'Thời hạn thụ lý giải quyết khiếu nại là bao "
                 "nhiêu ngày? Khiếu nại các quyết định nào thì không được thụ lý giải quyết?' "
                 "(quotes Art. 28 and 37); Thanh tra tỉnh Lào Cai, thủ tục 'Giải quyết khiếu "
                 "nại lần hai tại cấp tỉnh'. Unit unconfirmed: the statute says 'ngày' "
                 '(calendar); implementing texts are reported to count working days, not '
                 'found.'},
 {'rule_id': 'denunciation.accept',
  'effective_from': '2019-01-01',
  'effective_until': None,
  'title': 'Thời hạn xử lý ban đầu thông tin tố cáo',
  'days': 7,
  'unit': 'working',
  'direction': 'after',
  'starts_on': 'ngày nhận được tố cáo',
  'variants': {'several_locations': 10},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Tố cáo 2018, Điều 24',
  'source_note': 'Unconfirmed: values, unit and article from the brief; no source found.'},
 {'rule_id': 'denunciation.forward',
  'effective_from': '2019-01-01',
  'effective_until': None,
  'title': 'Thời hạn chuyển đơn tố cáo không thuộc thẩm quyền',
  'days': 5,
  'unit': 'working',
  'direction': 'after',
  'starts_on': 'ngày nhận được tố cáo không thuộc thẩm quyền giải quyết',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Tố cáo 2018, Điều 24',
  'source_note': 'Unconfirmed: value, unit and article from the brief; no source found.'},
 {'rule_id': 'denunciation.resolve',
  'effective_from': '2019-01-01',
  'effective_until': None,
  'title': 'Thời hạn giải quyết tố cáo',
  'days': 30,
  'unit': 'calendar',
  'direction': 'after',
  'starts_on': 'ngày thụ lý tố cáo',
  'variants': {},
  'max_extensions': 2,
  'extension_days': 30,
  'roll_forward': True,
  'citation': 'Luật Tố cáo 2018, Điều 30',
  'source_note': "Confirmed: luatdongduong.com.vn, 'Quy định pháp luật về thời hạn giải quyết "
                 "tố cáo' (quotes Art. 30: 30 days; complex, one extension of at most 30 days; "
                 'especially complex, two extensions of at most 30 days each). The law says '
                 "'ngày' (calendar days)."},
 {'rule_id': 'reception.notify',
  'effective_from': '2014-07-01',
  'effective_until': None,
  'title': 'Thời hạn thông báo kết quả xử lý khiếu nại, tố cáo, kiến nghị, phản ánh cho người '
           'đến trình bày',
  'days': 10,
  'unit': 'working',
  'direction': 'after',
  'starts_on': 'ngày tiếp nhận khiếu nại, tố cáo, kiến nghị, phản ánh',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Tiếp công dân 2013, Điều 28',
  'source_note': 'Unconfirmed: value, unit and article from the brief; no source found.'},
 {'rule_id': 'disclosure.publish',
  'effective_from': '2023-07-01',
  'effective_until': None,
  'title': 'Thời hạn công khai thông tin',
  'days': 5,
  'unit': 'working',
  'direction': 'after',
  'starts_on': 'ngày văn bản, quyết định được ban hành',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Thực hiện dân chủ ở cơ sở 2022, Điều 12',
  'source_note': 'Unconfirmed: value, unit and article from the brief; no source found.'},
 {'rule_id': 'disclosure.posting',
  'effective_from': '2023-07-01',
  'effective_until': None,
  'title': 'Thời gian niêm yết công khai tối thiểu',
  'days': 30,
  'unit': 'calendar',
  'direction': 'after',
  'starts_on': 'ngày niêm yết',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': False,
  'citation': 'Luật Thực hiện dân chủ ở cơ sở 2022, Điều 13',
  'source_note': "Unconfirmed: value from the brief ('at least 30 consecutive days'); the "
                 'article (12 or 13) is not confirmed. A minimum duration, so no '
                 'roll-forward.'},
 {'rule_id': 'consultation.min',
  'effective_from': '2023-07-01',
  'effective_until': None,
  'title': 'Thời gian lấy ý kiến Nhân dân tối thiểu',
  'days': 20,
  'unit': 'calendar',
  'direction': 'after',
  'starts_on': 'ngày bắt đầu lấy ý kiến',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': False,
  'citation': 'Luật Thực hiện dân chủ ở cơ sở 2022, Điều 28',
  'source_note': 'Unconfirmed: value and article from the brief; no source found. A minimum '
                 'duration, so no roll-forward.'},
 {'rule_id': 'decision.report',
  'effective_from': '2023-07-01',
  'effective_until': None,
  'title': 'Thời hạn gửi kết quả bàn, biểu quyết của cộng đồng dân cư',
  'days': 5,
  'unit': 'working',
  'direction': 'after',
  'starts_on': 'ngày kết thúc hội nghị hoặc kết thúc phát phiếu biểu quyết',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Thực hiện dân chủ ở cơ sở 2022, Điều 20',
  'source_note': 'Unconfirmed: value, unit and article from the brief; no source found.'},
 {'rule_id': 'inspection_board.reply',
  'effective_from': '2023-07-01',
  'effective_until': None,
  'title': 'Thời hạn trả lời kiến nghị của Ban Thanh tra nhân dân',
  'days': 15,
  'unit': 'calendar',
  'direction': 'after',
  'starts_on': 'ngày nhận được kiến nghị của Ban Thanh tra nhân dân',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Thực hiện dân chủ ở cơ sở 2022, Điều 36–40',
  'source_note': 'Unconfirmed: value from the brief; the exact article within Art. 36–40 was '
                 'not found.'},
 {'rule_id': 'vote.notice',
  'effective_from': '2023-07-01',
  'effective_until': None,
  'title': 'Thời hạn thông báo trước khi tổ chức bàn, biểu quyết',
  'days': 2,
  'unit': 'calendar',
  'direction': 'before',
  'starts_on': 'ngày tổ chức hội nghị hoặc phát phiếu lấy ý kiến hộ gia đình',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Thực hiện dân chủ ở cơ sở 2022 (điều khoản chưa xác định)',
  'source_note': 'Unconfirmed: value from the brief; article not found.'},
 {'rule_id': 'annual_meeting.notice',
  'effective_from': '2023-07-01',
  'effective_until': None,
  'title': 'Thời hạn thông báo trước hội nghị thôn, tổ dân phố cuối năm',
  'days': 5,
  'unit': 'calendar',
  'direction': 'before',
  'starts_on': 'ngày họp hội nghị thôn, tổ dân phố cuối năm',
  'variants': {},
  'max_extensions': 0,
  'extension_days': 0,
  'roll_forward': True,
  'citation': 'Luật Thực hiện dân chủ ở cơ sở 2022, Điều 33',
  'source_note': 'Unconfirmed: value and article from the brief; no source found.'}]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for row in RULES:
        values = dict(row)
        rule_id = values.pop("rule_id")
        effective_from = date.fromisoformat(values.pop("effective_from"))
        until = values.pop("effective_until")
        values["effective_until"] = date.fromisoformat(until) if until else None
        DeadlineRule.objects.update_or_create(
            rule_id=rule_id, effective_from=effective_from, defaults=values
        )


def unseed(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for row in RULES:
        DeadlineRule.objects.filter(
            rule_id=row["rule_id"], effective_from=date.fromisoformat(row["effective_from"])
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
