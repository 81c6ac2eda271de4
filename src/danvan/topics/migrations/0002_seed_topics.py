"""Seed the seven default topics (a frozen copy of danvan.topics.defaults at the time).

Existing rows with the same code are left as they are; reversing keeps the rows, since
petitions may already point to them.
"""

from django.db import migrations

TOPICS = [{'code': 'land',
  'name': 'Đất đai, bồi thường, giải phóng mặt bằng',
  'description': 'Thu hồi đất, bồi thường, hỗ trợ, tái định cư; tranh chấp, lấn chiếm đất; cấp '
                 'giấy chứng nhận quyền sử dụng đất.',
  'keywords': 'đất đai, thu hồi đất, bồi thường, hỗ trợ tái định cư, giải phóng mặt bằng, '
              'tranh chấp đất đai, lấn chiếm đất, ranh giới thửa đất, mốc giới, giấy chứng '
              'nhận quyền sử dụng đất, sổ đỏ, bản đồ địa chính, giá đất, chuyển mục đích sử '
              'dụng đất',
  'order': 10},
 {'code': 'environment',
  'name': 'Môi trường',
  'description': 'Ô nhiễm nước, không khí, tiếng ồn; rác thải; khai thác khoáng sản, phá rừng.',
  'keywords': 'môi trường, ô nhiễm, nước thải, khí thải, khói bụi, mùi hôi, tiếng ồn, rác '
              'thải, thu gom rác, bãi rác, chất thải chăn nuôi, khai thác cát trái phép, phá '
              'rừng, cá chết',
  'order': 20},
 {'code': 'social_policy',
  'name': 'Chính sách xã hội',
  'description': 'Trợ cấp, bảo trợ xã hội, hộ nghèo, người có công, bảo hiểm y tế, hỗ trợ nhà '
                 'ở và cứu trợ.',
  'keywords': 'chính sách xã hội, trợ cấp xã hội, bảo trợ xã hội, hộ nghèo, hộ cận nghèo, '
              'người có công, thương binh, liệt sĩ, người khuyết tật, người cao tuổi, bảo hiểm '
              'y tế, hỗ trợ nhà ở, cứu trợ, mai táng phí',
  'order': 30},
 {'code': 'officials_conduct',
  'name': 'Cán bộ, công chức, đảng viên',
  'description': 'Thái độ, đạo đức công vụ, tham nhũng, tiêu cực, lợi dụng chức vụ của cán bộ, '
                 'công chức, đảng viên.',
  'keywords': 'cán bộ, công chức, đảng viên, tham nhũng, nhận hối lộ, vòi vĩnh, tiêu cực, thái '
              'độ hách dịch, lợi dụng chức vụ, sách nhiễu, gây phiền hà, trù dập, chiếm đoạt, '
              'đạo đức công vụ',
  'order': 40},
 {'code': 'public_services',
  'name': 'Dịch vụ công, thủ tục hành chính',
  'description': 'Thủ tục hành chính, bộ phận một cửa, dịch vụ công trực tuyến; điện, nước '
                 'sinh hoạt.',
  'keywords': 'thủ tục hành chính, dịch vụ công, bộ phận một cửa, hồ sơ trễ hẹn, đăng ký khai '
              'sinh, hộ tịch, chứng thực, giấy xác nhận, dịch vụ công trực tuyến, giấy phép, '
              'nước sạch, cấp điện, tiền điện',
  'order': 50},
 {'code': 'infrastructure',
  'name': 'Hạ tầng, xây dựng, giao thông',
  'description': 'Đường, cầu, cống, thoát nước, thủy lợi, chiếu sáng; trật tự xây dựng; an '
                 'toàn giao thông.',
  'keywords': 'hạ tầng, đường giao thông, đường liên thôn, ổ gà, cầu, cống, thoát nước, ngập '
              'úng, kênh mương, thủy lợi, đèn chiếu sáng, xây dựng trái phép, trật tự xây '
              'dựng, lấn chiếm vỉa hè, công trình kém chất lượng',
  'order': 60},
 {'code': 'other',
  'name': 'Khác',
  'description': 'Những việc không thuộc các chủ đề trên: an ninh trật tự, tranh chấp dân sự, '
                 'thư cảm ơn, góp ý chung.',
  'keywords': 'an ninh trật tự, trộm cắp, mâu thuẫn hàng xóm, vay nợ, cảm ơn, góp ý chung, bầu '
              'cử, nghĩa vụ quân sự, bạo lực gia đình',
  'order': 90}]


def seed(apps, schema_editor):
    Topic = apps.get_model("topics", "Topic")
    for data in TOPICS:
        Topic.objects.get_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "keywords": data["keywords"],
                "order": data["order"],
                "is_active": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("topics", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
