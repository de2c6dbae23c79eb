"""Demo data: the real bodies named in the five seed plans, their documents and cascade, one user per role."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from tracker.auth.services import create_user
from tracker.extensions import db
from tracker.plans import services as plan_services
from tracker.units import services as unit_services
from tracker.units.models import Unit, User

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "plans" / "seeds"
DEMO_PASSWORD = "matkhau-demo"

# (name, kind, short name, aliases, children); the level comes from the enclosing locality.
PARTY_BOARDS = lambda suffix: [  # noqa: E731 - a small table builder
    (f"Ban Nội chính {suffix}", "party_board", None, [], []),
    (f"Ban Tuyên giáo và Dân vận {suffix}", "party_board", None, [f"Ban Tuyên giáo {suffix}"], []),
    (f"Ủy ban Kiểm tra {suffix}", "party_board", None, [], []),
    (f"Văn phòng {suffix}", "party_board", None, [], []),
]


def _province(name: str, committee: str, extra_party: list, agencies: list, wards: list) -> tuple:
    province_word = "thành phố" if name.startswith("Thành phố") else "tỉnh"
    place = name.split(" ", 1)[1] if province_word == "tỉnh" else name.split(" ", 2)[2]
    suffix = committee
    return (name, "locality:province", None, [], [
        (f"{committee} {place}", "party_committee", committee, [f"Ban Thường vụ {committee}", f"BTV {committee}"],
         PARTY_BOARDS(suffix) + extra_party),
        (f"Hội đồng nhân dân {province_word} {place}", "people_council", f"HĐND {province_word}", [], []),
        (f"Ủy ban nhân dân {province_word} {place}", "people_committee", f"UBND {province_word}", [], [
            (f"Văn phòng Ủy ban nhân dân {province_word}", "agency", None, [], []),
            (f"Thanh tra {province_word}", "inspectorate", None, [], []),
            (f"Ban Tiếp công dân {province_word}", "agency", None, [], []),
            (f"Sở Tư pháp {place}", "agency", None, [], []),
            (f"Sở Nông nghiệp và Môi trường {place}", "agency", None, [], []),
        ] + agencies),
        (f"Công an {province_word} {place}", "police", f"Công an {province_word}", [], []),
        (f"Tòa án nhân dân {province_word} {place}", "court", f"TAND {province_word}", [], []),
        (f"Viện Kiểm sát nhân dân {province_word} {place}", "procuracy", f"VKSND {province_word}", [], []),
        (f"Ủy ban Mặt trận Tổ quốc Việt Nam {province_word} {place}", "front", f"UBMTTQ {province_word}",
         [f"Ủy ban MTTQ {province_word}"], []),
    ] + wards)


def _ward(name: str, agencies: list) -> tuple:
    lower = name[0].lower() + name[1:]
    return (name, "locality:commune", None, [], [
        (f"Đảng ủy {lower}", "party_committee", None, [], []),
        (f"Ủy ban nhân dân {lower}", "people_committee", f"UBND {lower}", [], [
            ("Văn phòng HĐND và UBND phường", "agency", None, ["Văn phòng HĐND&UBND phường"], []),
        ] + agencies),
        (f"Công an {lower}", "police", None, [], []),
        (f"Ủy ban Mặt trận Tổ quốc Việt Nam {lower}", "front", None, ["Ủy ban MTTQ phường"], []),
    ])


TREE = ("Trung ương", "locality:central", "TW", [], [
    ("Bộ Chính trị", "central_body", "BCT", [], []),
    ("Ban Bí thư Trung ương Đảng", "central_body", None, ["Ban Bí thư"], []),
    ("Ban Nội chính Trung ương", "party_board", "BNCTW", [], []),
    ("Văn phòng Trung ương Đảng", "party_board", "VPTW", [], []),
    ("Ủy ban Kiểm tra Trung ương", "party_board", None, [], []),
    ("Chính phủ", "central_body", None, [], [
        ("Thanh tra Chính phủ", "inspectorate", "TTCP", [], []),
    ]),
    _province("Tỉnh Tây Ninh", "Tỉnh ủy", [("Đảng ủy Công an tỉnh", "party_committee", None, [], [])], [], []),
    _province("Thành phố Hà Nội", "Thành ủy", [("Đảng ủy UBND Thành phố", "party_committee", None, [], [])], [], []),
    _province("Tỉnh Hà Tĩnh", "Tỉnh ủy", [], [], []),
    _province("Tỉnh Ninh Bình", "Tỉnh ủy", [], [], [
        _ward("Phường Vị Khê", [
            ("Trung tâm Phục vụ hành chính công phường", "service_center", None, [], []),
            ("Trung tâm Dịch vụ sự nghiệp công phường", "service_center", None, [], []),
            ("Phòng Kinh tế, Hạ tầng và Đô thị phường", "agency", None, [], []),
        ]),
    ]),
    _province("Tỉnh Thái Nguyên", "Tỉnh ủy", [], [], [
        ("Thành phố Thái Nguyên", "locality:district", None, [], [
            ("Ủy ban nhân dân thành phố Thái Nguyên", "people_committee", "UBND thành phố",
             ["UBND thành phố Thái Nguyên"], [("Thanh tra thành phố Thái Nguyên", "inspectorate", None, [], [])]),
        ]),
        _ward("Phường Thịnh Đán", [
            ("Bộ phận Văn phòng – Thống kê phường", "agency", None, [], []),
        ]),
    ]),
])

class _Made:
    """Units created so far, found by name and, where names repeat, by an enclosing unit."""

    def __init__(self) -> None:
        self.rows: list[tuple[Unit, list[str]]] = []

    def get(self, name: str | None, within: str | None = None) -> Unit | None:
        for unit, path in self.rows:
            if unit.name.lower() == (name or "").lower() and (within is None or within in path):
                return unit
        return None

    def __getitem__(self, name: str) -> Unit:
        unit = self.get(name)
        if unit is None:
            raise KeyError(name)
        return unit


def _create(actor, spec: tuple, parent: Unit | None, level: str, made: _Made, path: list[str]) -> None:
    name, kind, short, aliases, children = spec
    if kind.startswith("locality:"):
        kind, level = kind.split(":")
    unit = unit_services.create_unit(actor=actor, name=name, parent=parent, kind=kind, level=level,
                                     short_name=short, aliases=aliases, effective_from=None)
    made.rows.append((unit, path))
    for child in children:
        _create(actor, child, unit, level, made, path + [name])


def _doc(actor, made, **fields):
    issuer = made[fields.pop("issuer_unit")]
    body_file = fields.pop("body_file", None)
    body = (SEEDS / body_file).read_text(encoding="utf-8") if body_file and (SEEDS / body_file).exists() else None
    return plan_services.create_document(actor=actor, issuer=issuer, body_md=body, **{
        "number_text": None, "issued_on": None, "issued_year": None, "issuer_name": None, "place": None,
        "signer_authority": None, "signer_position": None, "signer_name": None, **fields})


def load_demo() -> list[tuple[str, str, str]]:
    """Create the demo data once; returns (username, role, unit) of the demo users."""
    if db.session.scalar(select(User.id).limit(1)) is not None:
        return [(u.username, u.role_label, u.unit.name if u.unit else "") for u in
                db.session.scalars(select(User).order_by(User.id))]
    made = _Made()
    _create(None, TREE, None, "central", made, [])
    # The district level ended on 1/7/2025: the ward moves under the province, the city's units end.
    city = made["Thành phố Thái Nguyên"]
    unit_services.move_unit(actor=None, unit=made["Phường Thịnh Đán"], new_parent=made["Tỉnh Thái Nguyên"])
    ubnd_tinh = made["Ủy ban nhân dân tỉnh Thái Nguyên"]
    unit_services.retire_unit(actor=None, unit=made["Thanh tra thành phố Thái Nguyên"], retired_on=date(2025, 6, 30),
                              successor=made.get("Thanh tra tỉnh", within="Tỉnh Thái Nguyên"))
    unit_services.retire_unit(actor=None, unit=made["Ủy ban nhân dân thành phố Thái Nguyên"],
                              retired_on=date(2025, 6, 30), successor=ubnd_tinh)
    unit_services.retire_unit(actor=None, unit=city, retired_on=date(2025, 6, 30), successor=made["Tỉnh Thái Nguyên"])

    users = [
        ("admin", "Quản trị hệ thống", "admin", "Trung ương", None),
        ("noichinh.hanoi", "Trần Thu Hà", "monitor", "Ban Nội chính Thành ủy", None),
        ("noichinh.ninhbinh", "Đỗ Thị Hương", "monitor", "Ban Nội chính Tỉnh ủy", "Tỉnh Ninh Bình"),
        ("vanphong.vikhe", "Lê Văn Minh", "secretariat", "Văn phòng HĐND và UBND phường", "Phường Vị Khê"),
        ("congan.vikhe", "Phạm Quốc Bảo", "member", "Công an phường Vị Khê", None),
        ("xem", "Nguyễn Thị Lan", "viewer", "Tỉnh Ninh Bình", None),
    ]
    for username, full_name, role, unit_name, within in users:
        create_user(actor=None, username=username, full_name=full_name, password=DEMO_PASSWORD, role=role,
                    unit=made.get(unit_name, within=within))
    _documents(made)
    from tracker.duties.demo import load_duties_demo

    load_duties_demo(DEMO_PASSWORD)
    db.session.flush()
    from tracker.tasks.demo import load_task_demo

    load_task_demo()
    from tracker.reports.demo import load_report_demo

    load_report_demo()
    return [(u.username, u.role_label, u.unit.name if u.unit else "") for u in
            db.session.scalars(select(User).order_by(User.id))]


def _documents(made: _Made) -> None:
    link = plan_services.link_documents
    kl107 = _doc(None, made, doc_type="KL", number_text="107-KL/TW", issued_on=date(2024, 12, 24),
                 issuer_unit="Bộ Chính trị",
                 title="Về tiếp tục tăng cường sự lãnh đạo của Đảng đối với công tác tiếp công dân và giải quyết "
                       "khiếu nại, tố cáo, kiến nghị, phản ánh")
    ct35 = _doc(None, made, doc_type="CT", number_text="35-CT/TW", issued_on=date(2014, 5, 26),
                issuer_unit="Bộ Chính trị", title="Về tăng cường sự lãnh đạo của Đảng đối với công tác tiếp công dân "
                                                 "và giải quyết khiếu nại, tố cáo")
    title_107 = "Triển khai thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị"
    tn = _doc(None, made, doc_type="KH", issued_year=2025, issuer_unit="Tỉnh ủy Tây Ninh", title=title_107,
              signer_authority="T/M BAN THƯỜNG VỤ", signer_position="PHÓ BÍ THƯ", signer_name="Nguyễn Mạnh Hùng",
              body_file="002_4067c389ffe34e94.txt")
    hn = _doc(None, made, doc_type="KH", issued_year=2025, issuer_unit="Thành ủy Hà Nội",
              title="Của Ban Thường vụ Thành ủy Hà Nội thực hiện Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính "
                    "trị trên địa bàn thành phố Hà Nội", signer_authority="T/M BAN THƯỜNG VỤ",
              signer_position="PHÓ BÍ THƯ THƯỜNG TRỰC", signer_name="Nguyễn Văn Phong",
              body_file="003_c0c4a446407c5a94.txt")
    ht331 = _doc(None, made, doc_type="KH", number_text="331-KH/TU", issued_on=date(2025, 5, 2),
                 issuer_unit="Tỉnh ủy Hà Tĩnh", title="Thực hiện Kết luận số 107-KL/TW của Bộ Chính trị")
    ttcp = _doc(None, made, doc_type="KH", number_text="1236/KH-TTCP", issued_on=date(2026, 4, 29),
                issuer_unit="Thanh tra Chính phủ", title="Triển khai thực hiện Kết luận số 107-KL/TW")
    ht = _doc(None, made, doc_type="KH", number_text="/KH-UBND", issued_year=2026, place="Hà Tĩnh",
              issuer_unit="Ủy ban nhân dân tỉnh Hà Tĩnh", title=title_107 + " về tiếp tục tăng cường sự lãnh đạo của "
              "Đảng đối với công tác tiếp công dân và giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh",
              signer_authority="TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH", signer_position="PHÓ CHỦ TỊCH",
              signer_name="Hồ Huy Thành", body_file="004_efd667e977579b2a.txt")
    nb463 = _doc(None, made, doc_type="KH", number_text="463-KH/TU", issued_on=date(2025, 3, 7),
                 issuer_unit="Tỉnh ủy Ninh Bình", title="Thực hiện Kết luận số 107-KL/TW của Bộ Chính trị")
    nb160 = _doc(None, made, doc_type="KH", number_text="160/KH-UBND", issued_on=date(2026, 5, 13),
                 issuer_unit="Ủy ban nhân dân tỉnh Ninh Bình", title="Tổ chức thực hiện Kết luận số 107-KL/TW ngày "
                 "24/12/2024 của Bộ Chính trị")
    vk = _doc(None, made, doc_type="KH", number_text="/KH-UBND", issued_year=2026,
              issuer_unit="Ủy ban nhân dân phường Vị Khê", title="Tổ chức thực hiện Kết luận số 107-KL/TW ngày "
              "24/12/2024 của Bộ Chính trị", signer_authority="TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH",
              signer_position="PHÓ CHỦ TỊCH", signer_name="Bùi Quốc Trung", body_file="000_c7c61f0ecab3ec8b.txt")
    tn165 = _doc(None, made, doc_type="KH", number_text="165/KH-UBND", issued_on=date(2024, 5, 27),
                 issuer_unit="Ủy ban nhân dân thành phố Thái Nguyên",
                 title="Phối hợp tiếp công dân phục vụ Kỳ họp thứ 7, Quốc hội khóa XV")
    td = _doc(None, made, doc_type="KH", number_text="/KH-UBND", issued_year=2024, place="P. Thịnh Đán",
              issuer_unit="Ủy ban nhân dân phường Thịnh Đán",
              title="Phối hợp tiếp công dân phục vụ Kỳ họp thứ 7, Quốc hội khoá XV",
              signer_authority="TM. ỦY BAN NHÂN DÂN", signer_position="CHỦ TỊCH", signer_name="Nguyễn Văn Nam",
              body_file="001_9a852768cdebbcca.txt")
    for child, parent in [(tn, kl107), (hn, kl107), (ht331, kl107), (ttcp, kl107), (ht, kl107), (ht, ht331),
                          (ht, ttcp), (nb463, kl107), (nb160, nb463), (vk, nb160), (td, tn165)]:
        link(actor=None, child=child, parent=parent)
    for child in (tn, hn, ht, vk):
        link(actor=None, child=child, parent=ct35, relation="mentions")
