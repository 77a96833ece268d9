from trienkhai.lib.similarity import near_duplicates, similarity

REPORT = (
    "Cấp ủy đã lãnh đạo, chỉ đạo triển khai thực hiện nghiêm túc, hiệu quả các nhiệm vụ "
    "theo kế hoạch đề ra, bám sát chỉ đạo của cấp trên, đạt được những kết quả quan trọng "
    "trong phát triển kinh tế và xây dựng Đảng tại xã Hoằng Đông."
)


def test_a_report_copied_with_another_communes_name_is_a_near_duplicate():
    copy = REPORT.replace("Hoằng Đông", "Hoằng Giang")
    assert similarity(REPORT, copy) >= 0.8


def test_diacritics_case_and_punctuation_do_not_hide_a_copy():
    assert similarity(REPORT, REPORT.upper().replace(",", "")) == 1.0
    assert similarity(REPORT, "cap uy da lanh dao" + REPORT[18:]) >= 0.8


def test_reports_written_separately_are_not_near_duplicates():
    other = (
        "Trong quý, xã đã tổ chức hai hội nghị quán triệt, hoàn thành đường giao thông "
        "liên thôn dài 2,5 km và vận động 120 hộ tham gia mô hình du lịch cộng đồng."
    )
    assert similarity(REPORT, other) < 0.3


def test_short_texts_are_never_called_copies():
    assert similarity("Không có.", "Không có.") == 0.0


def test_near_duplicate_pairs_are_found_among_many_texts_once_each():
    texts = [("a", REPORT), ("b", REPORT.replace("Hoằng Đông", "Hoằng Lộc"))]
    texts += [
        (
            f"x{i}",
            f"Báo cáo riêng số {i} về việc làm cụ thể {i} của đơn vị thứ {i} trong quý này năm nay",
        )
        for i in range(50)
    ]
    pairs = near_duplicates(texts)
    assert [(a, b) for a, b, _s in pairs] == [("a", "b")]
