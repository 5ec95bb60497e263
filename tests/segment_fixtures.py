"""Invented documents for the segment tests (agencies, places, numbers and names made up)."""

from __future__ import annotations

import hashlib

from pipeline.model import Document, Line, Page, Word
from schemas.record import Record, Source

PLAN = """\
UBND TỈNH BẮC NAM CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ MÁY TÍNH Độc lập - Tự do - Hạnh phúc
Số: 314 /KH-STTMT Lâm Đồng, ngày 09 tháng 03 năm 2024
KẾ HOẠCH
Tuyên truyền cải cách hành chính của Sở Thông tin
và Máy tính 6 tháng đầu năm 2024

Căn cứ Quyết định số 88/QĐ-UBND ngày 12/01/2024 của UBND tỉnh Bắc Nam về
công tác cải cách hành chính; Nghị quyết số 07-NQ/TU của Tỉnh ủy về chuyển đổi số,
Sở Thông tin và Máy tính ban hành kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của công chức về cải cách hành chính.
- Bảo đảm thông tin kịp thời.
2. Yêu cầu
Bám sát Nghị định số 61/2018/NĐ-
CP ngày 23/4/2018 của Chính phủ về một cửa.
I1. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN
1. Nội dung tuyên truyền
a) Các chủ trương của Đảng về cải cách hành chính.
b) Kết quả chỉ số cải cách hành chính.
d) Mô hình hay.
d) Gương điển hình.
2. Hình thức tuyên truyền: Trên Cổng thông tin điện tử của Sở.
1. KINH PHÍ: Từ nguồn ngân sách năm 2024.
V. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở: Chủ trì theo dõi việc thực hiện Kế hoạch.
2. Giao Phòng Dữ liệu số
- Đăng tải tin bài hằng tháng.
- Báo cáo kết quả trước ngày 15/6.
3. Trung tâm Chuyển đổi số chủ trì tổ chức hội thi trực tuyến.
Trên đây là Kế hoạch của Sở Thông tin và Máy tính./.
Nơi nhận: KT. GIÁM ĐỐC
- UBND tỉnh (b/c);
- Các phòng thuộc Sở; PHÓ GIÁM ĐỐC
- Lưu: VT, VP.

Hoàng Thị Mơ
PHỤ LỤC
TT Nhiệm vụ Đơn vị chủ trì
1 Viết tin bài theo Kế hoạch số 314/KH-STTMT Văn phòng Sở
"""


def make_doc(lines: list[Line], pages: list[Page] | None = None, name: str = "invented.txt") -> Document:
    sha = hashlib.sha256(name.encode()).hexdigest()
    source = Source(path=name, sha256=sha, kind="text", pages=len(pages or [1]))
    return Document(
        doc_id=sha[:16],
        source=source,
        pages=pages or [Page(number=1, source="text")],
        lines=lines,
        record=Record(doc_id=sha[:16], source=source),
    )


def text_doc(text: str) -> Document:
    """A plain-text document: one Line per line, no boxes."""
    return make_doc([Line(page=1, raw=t, text=t) for t in text.splitlines()])


def boxed_line(page: int, top: float, *columns: tuple[float, str], conf: float = 0.95) -> Line:
    """A line whose words carry boxes: each column starts at x and spaces words 10px apart."""
    words = []
    for x, text in columns:
        for token in text.split():
            width = 9.0 * len(token)
            words.append(Word(text=token, conf=conf, box=(x, top, x + width, top + 20)))
            x += width + 10
    text = " ".join(w.text for w in words)
    box = (words[0].box[0], top, words[-1].box[2], top + 20)  # type: ignore[index]
    return Line(page=page, raw=text, text=text, words=words, box=box)
