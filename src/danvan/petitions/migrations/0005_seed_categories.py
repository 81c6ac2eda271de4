"""The standard categories (lĩnh vực) of feedback and petitions; admins may add more."""

from django.db import migrations

CATEGORIES = [
    # code, name, group, description, keywords
    ("dat-dai", "Đất đai", "Tài nguyên, môi trường",
     "Quản lý, sử dụng đất; cấp giấy chứng nhận; thu hồi, bồi thường, tái định cư.",
     "đất, sổ đỏ, thu hồi, bồi thường, tái định cư, lấn chiếm"),
    ("moi-truong", "Môi trường", "Tài nguyên, môi trường",
     "Rác thải, nước thải, khói bụi, tiếng ồn, ô nhiễm.",
     "rác, nước thải, ô nhiễm, khói, bụi, tiếng ồn"),
    ("giao-thong", "Giao thông, đường sá", "Hạ tầng",
     "Đường hư hỏng, cầu cống, đèn tín hiệu, biển báo, an toàn giao thông.",
     "đường, ổ gà, cầu, cống, đèn, biển báo"),
    ("xay-dung", "Xây dựng, trật tự đô thị", "Hạ tầng",
     "Xây dựng không phép, sai phép; lấn chiếm vỉa hè, lòng đường.",
     "xây dựng, giấy phép, vỉa hè, lấn chiếm"),
    ("dien-nuoc", "Điện, nước sinh hoạt", "Hạ tầng",
     "Cấp điện, cấp nước, chiếu sáng công cộng, thoát nước.",
     "điện, nước, chiếu sáng, ngập, thoát nước"),
    ("an-ninh-trat-tu", "An ninh, trật tự", "Xã hội",
     "Trật tự công cộng, tệ nạn xã hội, an toàn phòng cháy.",
     "an ninh, trật tự, tệ nạn, cháy nổ"),
    ("chinh-sach-xa-hoi", "Chính sách xã hội", "Xã hội",
     "Người có công, bảo trợ xã hội, hộ nghèo, cứu trợ.",
     "trợ cấp, hộ nghèo, người có công, bảo trợ"),
    ("y-te-giao-duc", "Y tế, giáo dục", "Xã hội",
     "Trạm y tế, trường học, bảo hiểm y tế, an toàn thực phẩm.",
     "y tế, trường học, bảo hiểm, thực phẩm"),
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính", "Chính quyền",
     "Hồ sơ chậm, đòi thêm giấy tờ, thái độ phục vụ, phí và lệ phí.",
     "thủ tục, hồ sơ, một cửa, lệ phí, thái độ"),
    ("can-bo-cong-chuc", "Cán bộ, công chức", "Chính quyền",
     "Trách nhiệm, đạo đức công vụ của cán bộ, công chức.",
     "cán bộ, công chức, nhũng nhiễu, tiêu cực"),
    ("khac", "Lĩnh vực khác", "Khác", "Những việc không thuộc các lĩnh vực trên.", ""),
]


def seed(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    for order, (code, name, group, description, keywords) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "description": description,
                "keywords": keywords,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("petitions", "0004_categories_and_place")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
