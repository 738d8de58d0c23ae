#!/usr/bin/env python3
"""Write the example declarations in tests/fixtures/ (run from anywhere).

The examples are realistic training cases, valid on 2026-11-23 (the date the tests pass as
`--today`). Totals are computed here so that invoice totals equal the sum of the lines.

    python3 tools/gen_fixtures.py
"""
import json
import os
from decimal import Decimal as D

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures")
FORMAT = "khaibao-declaration/1"


def money(x):
    return str(D(x).quantize(D("0.01")))


def line(hs, desc, origin, qty, unit, price, net=None, schedule="B01", co=None, taxes=("GTGT10",), **extra):
    qty, price = D(str(qty)), D(str(price))
    l = {
        "hs_code": hs,
        "description": desc,
        "origin_country": origin,
        "tariff_schedule": schedule,
        "quantity": {"amount": str(qty), "unit": unit},
        "unit_price": str(price),
        "invoice_value": money(qty * price),
        "other_taxes": [{"code": t} for t in taxes],
    }
    if co:
        l["co_form"] = co
    if net is not None:
        l["quantity2"] = {"amount": str(net), "unit": "KGM"}
    l.update(extra)
    return l


def total(lines):
    return money(sum(D(l["invoice_value"]) for l in lines))


IMPORTER = {
    "tax_code": "0301234567",
    "name": "CÔNG TY TNHH THƯƠNG MẠI VÀ DỊCH VỤ KHAI BÁO",
    "postcode": "700000",
    "address": "Số 12 đường Nguyễn Huệ, phường Sài Gòn, TP Hồ Chí Minh",
    "phone": "02838123456",
}


def import_sea():
    goods = [
        line("84713020", "Máy tính xách tay hiệu KB, model KB-14, CPU 8 nhân, RAM 16 GB, mới 100%", "JP", 100, "PCE", "450.00", net=250),
        line("84433131", "Máy in laser đa chức năng (in, sao chụp, fax), model KB-MFP2, mới 100%", "JP", 20, "PCE", "300.00", net=400),
        line("85176243", "Bộ chuyển đổi mạng LAN 1 Gbps, model KB-NIC1, mới 100%", "JP", 500, "PCE", "18.00", net=150),
    ]
    return {
        "format": FORMAT, "direction": "import",
        "type_code": "A11", "transport_mode": "2", "party_kind": "4",
        "office": "02CI", "team": "00",
        "declarant": IMPORTER,
        "foreign_party": {"name": "TOKYO OFFICE SUPPLY CO., LTD.", "postcode": "1050011",
                          "address": ["1-2-3 SHIBAKOEN", "MINATO-KU", "TOKYO", "JAPAN"], "country": "JP"},
        "bills_of_lading": ["ONEYTYOA12345600"],
        "packages": {"amount": "120", "unit": "CT"},
        "gross_weight": {"amount": "2450.5", "unit": "KGM"},
        "storage_location": "02CIS01",
        "marks": "KB/TOS-2026-1102/C1-120",
        "vessel": {"code": "9999", "name": "ONE HARMONY 012S"},
        "arrival_date": "2026-11-20",
        "loading_place": {"code": "JPTYO", "name": "TOKYO"},
        "destination_place": {"code": "VNCLI", "name": "CANG CAT LAI (HCM)"},
        "containers": ["MSCU1234566", "TGHU9876542"],
        "invoice": {"kind": "A", "number": "TOS-2026-1102", "date": "2026-11-02", "payment_method": "TTR",
                    "price_kind": "A", "incoterm": "FOB", "currency": "USD", "total": total(goods)},
        "valuation": {"method": "6",
                      "freight": {"kind": "A", "currency": "USD", "amount": "1200.00"},
                      "insurance": {"kind": "A", "currency": "USD", "amount": "150.00"}},
        "tax_payer": "1", "payment_deadline_code": "D",
        "notes": "Hợp đồng số TOS-KB-2026/07 ngày 15/10/2026",
        "internal_ref": "KB-IMP-0001",
        "goods": goods,
    }


def import_air_fta():
    goods = [
        line("85171300", "Điện thoại di động thông minh hiệu KB, model KB-P5, mới 100%", "CN", 200, "PCE", "120.00", net=60, schedule="B05", co="E"),
        line("85076090", "Pin sạc li-ion 3.7 V 5000 mAh dùng cho điện thoại, mới 100%", "CN", 1000, "PCE", "5.50", net=95, schedule="B05", co="E"),
        line("85183010", "Tai nghe chụp đầu có dây, model KB-H2, mới 100%", "CN", 800, "PCE", "7.25", net=160, schedule="B05", co="E"),
        line("95030099", "Đồ chơi trẻ em bằng nhựa (bộ xếp hình), mới 100%", "CN", "150", "KGM", "12.00", net=150),
    ]
    return {
        "format": FORMAT, "direction": "import",
        "type_code": "A11", "transport_mode": "1", "party_kind": "4",
        "office": "02B1", "team": "00",
        "declarant": IMPORTER,
        "foreign_party": {"name": "SHENZHEN KB ELECTRONICS TRADING CO., LTD.",
                          "address": ["NO. 8 KEJI ROAD", "NANSHAN DISTRICT", "SHENZHEN", "CHINA"], "country": "CN"},
        "bills_of_lading": ["78412345675"],
        "packages": {"amount": "45", "unit": "CT"},
        "gross_weight": {"amount": "520", "unit": "KGM"},
        "vessel": {"code": "9999", "name": "CZ3067/19NOV"},
        "arrival_date": "2026-11-19",
        "loading_place": {"code": "CNPVG", "name": "SHANGHAI PUDONG"},
        "destination_place": {"code": "VNSGN", "name": "SAN BAY TAN SON NHAT"},
        "invoice": {"kind": "A", "number": "SZKB-26-0977", "date": "2026-11-12", "payment_method": "TTR",
                    "price_kind": "A", "incoterm": "CIP", "currency": "USD", "total": total(goods)},
        "valuation": {"method": "6", "insurance": {"kind": "D"}},
        "tax_payer": "1", "payment_deadline_code": "D",
        "notes": "C/O mẫu E số E2026CN0123456 ngày 12/11/2026 (dòng 1-3)",
        "goods": goods,
    }


def export_sea():
    goods = [
        {"hs_code": "09011190", "description": "Cà phê nhân Robusta loại 2, sàng 13, chưa rang, đóng bao 60 kg",
         "quantity": {"amount": "19200", "unit": "KGM"}, "unit_price": "2.35", "invoice_value": "45120.00",
         "quantity2": {"amount": "19200", "unit": "KGM"}},
        {"hs_code": "09041110", "description": "Hạt tiêu đen chưa xay, 500 g/l, đóng bao 50 kg",
         "quantity": {"amount": "5000", "unit": "KGM"}, "unit_price": "4.10", "invoice_value": "20500.00",
         "quantity2": {"amount": "5000", "unit": "KGM"}},
    ]
    return {
        "format": FORMAT, "direction": "export",
        "type_code": "B11", "transport_mode": "2",
        "office": "02CI", "team": "01",
        "declarant": {"tax_code": "3600123456", "name": "CÔNG TY CỔ PHẦN NÔNG SẢN XUẤT KHẨU KB",
                      "address": "Khu công nghiệp Nhơn Trạch, tỉnh Đồng Nai", "phone": "02513561234"},
        "foreign_party": {"name": "HAMBURG COFFEE IMPORT GMBH", "postcode": "20457",
                          "address": ["STEINHOEFT 5", "HAMBURG", "GERMANY"], "country": "DE"},
        "bills_of_lading": ["MAEU260123456"],
        "packages": {"amount": "420", "unit": "BG"},
        "gross_weight": {"amount": "24350", "unit": "KGM"},
        "storage_location": "02CIOZZ",
        "marks": "HCI/KB/2026-44",
        "vessel": {"code": "9999", "name": "MAERSK KB 611W"},
        "departure_date": "2026-11-26",
        "loading_place": {"code": "VNCLI", "name": "CANG CAT LAI (HCM)"},
        "destination_place": {"code": "DEHAM", "name": "HAMBURG"},
        "containers": ["MAEU1002005"],
        "invoice": {"kind": "A", "number": "KBX-2026-044", "date": "2026-11-18", "payment_method": "LC",
                    "price_kind": "A", "incoterm": "FOB", "currency": "USD", "total": total(goods)},
        "tax_payer": "1", "payment_deadline_code": "D",
        "goods": goods,
    }


def import_low_value():
    goods = [line("61091010", "Áo phông nam bằng cotton, cổ tròn, size M, mới 100% (quà tặng cá nhân)", "CN", 10, "PCE", "8.00", net=2)]
    return {
        "format": FORMAT, "direction": "import",
        "type_code": "A11", "cargo_class": "F", "transport_mode": "1", "party_kind": "2",
        "office": "02DS",
        "declarant": {"tax_code": "8012345678", "name": "NGUYỄN VĂN AN",
                      "address": "25 đường Lê Lợi, phường Bến Thành, TP Hồ Chí Minh", "phone": "0903123456"},
        "foreign_party": {"name": "KB ONLINE STORE LTD", "address": ["GUANGZHOU", "CHINA"], "country": "CN"},
        "bills_of_lading": ["EX123456789CN"],
        "packages": {"amount": "1", "unit": "PK"},
        "gross_weight": {"amount": "2.4", "unit": "KGM"},
        "arrival_date": "2026-11-21",
        "loading_place": {"code": "CNCAN", "name": "GUANGZHOU"},
        "destination_place": {"code": "VNSGN", "name": "SAN BAY TAN SON NHAT"},
        "invoice": {"kind": "A", "number": "ORD-88231", "date": "2026-11-15", "payment_method": "KC",
                    "price_kind": "A", "incoterm": "CIP", "currency": "USD", "total": total(goods)},
        "valuation": {"method": "6", "insurance": {"kind": "D"}},
        "tax_payer": "1", "payment_deadline_code": "D",
        "goods": goods,
    }


FIFTY = [  # (hs, description, unit, unit price, net kg per unit)
    ("84821000", "Ổ bi cầu bằng thép, đường kính trong 20 mm", "PCE", "1.80", "0.1"),
    ("73181510", "Bu lông thép mạ kẽm M12x50", "KGM", "2.40", "1"),
    ("85044090", "Bộ nguồn chuyển đổi 220V/24V 100W", "PCE", "9.50", "0.5"),
    ("85366999", "Ổ cắm điện 3 chấu 16A", "PCE", "0.95", "0.1"),
    ("39172300", "Ống nhựa PVC cứng phi 21", "KGM", "1.60", "1"),
    ("40151990", "Găng tay cao su bảo hộ lao động", "PR", "0.45", "0.05"),
    ("84818072", "Van cổng bằng đồng DN25", "PCE", "6.20", "0.8"),
    ("90262090", "Đồng hồ đo áp suất 0-10 bar", "PCE", "4.75", "0.3"),
    ("94054290", "Đèn LED âm trần 12W", "PCE", "3.10", "0.4"),
    ("82055900", "Bộ dụng cụ cầm tay (tua vít, kìm)", "KGM", "5.00", "1"),
]


def import_50_lines():
    goods = []
    for i in range(50):
        hs, desc, unit, price, net = FIFTY[i % len(FIFTY)]
        qty = 100 + 10 * i
        goods.append(line(hs, f"{desc}, mã hàng KB-{i + 1:03d}, mới 100%", "CN", qty, unit, price,
                          net=str((D(net) * qty).normalize()), schedule="B05", co="E"))
    net_total = sum(D(g["quantity2"]["amount"]) for g in goods)
    return {
        "format": FORMAT, "direction": "import",
        "type_code": "A12", "transport_mode": "2", "party_kind": "4",
        "office": "03CC", "team": "00",
        "declarant": {"tax_code": "0201234567", "name": "CÔNG TY TNHH CƠ ĐIỆN KB HẢI PHÒNG",
                      "address": "Khu công nghiệp Đình Vũ, TP Hải Phòng", "phone": "02253123456"},
        "foreign_party": {"name": "NINGBO KB HARDWARE CO., LTD.", "address": ["NINGBO", "ZHEJIANG", "CHINA"], "country": "CN"},
        "bills_of_lading": ["COSU6123456780"],
        "packages": {"amount": "310", "unit": "CT"},
        "gross_weight": {"amount": str(net_total + 900), "unit": "KGM"},
        "storage_location": "03CCS09",
        "vessel": {"code": "9999", "name": "COSCO KB 2611N"},
        "arrival_date": "2026-11-18",
        "loading_place": {"code": "CNNGB", "name": "NINGBO"},
        "destination_place": {"code": "VNHPH", "name": "CANG HAI PHONG"},
        "containers": ["OOLU6543213"],
        "invoice": {"kind": "A", "number": "NBKB-2611-50", "date": "2026-11-05", "payment_method": "TTR",
                    "price_kind": "A", "incoterm": "CIF", "currency": "USD", "total": total(goods)},
        "valuation": {"method": "6", "insurance": {"kind": "D"}},
        "tax_payer": "1", "payment_deadline_code": "D",
        "notes": "C/O mẫu E số E2026CN0765432 ngày 06/11/2026",
        "goods": goods,
    }


def import_with_errors():
    d = import_sea()
    d["type_code"] = "A19"                       # not a type code
    d["transport_mode"] = "1"                    # air, but 02CI is a seaport branch
    d["declarant"] = dict(IMPORTER, tax_code="03012345", phone="028-3812-3456")
    d["foreign_party"] = dict(d["foreign_party"], name="Công ty Nhật Bản", country="JP")
    d["invoice"] = dict(d["invoice"], incoterm="CIF", currency="USD", total="61000.00")
    d["valuation"] = {"method": "6", "insurance": {"kind": "A", "currency": "USD", "amount": "150.00"}}
    d["arrival_date"] = "2026-09-30"             # more than 30 days before 2026-11-23
    d["containers"] = ["MSCU1234565"]            # wrong check digit
    g = d["goods"]
    g[0]["hs_code"] = "8471302"                  # 7 digits
    g[1]["unit_price"] = "310.00"                # 310 × 20 ≠ 6000
    g[2]["origin_country"] = "US"
    g[2]["tariff_schedule"] = "B05"             # ACFTA, but origin US and no C/O form
    g[2]["quantity"] = {"amount": "0", "unit": "PCE"}
    g.append({"description": "Dòng hàng thiếu mã số", "quantity": {"amount": "1.234", "unit": "KILO"}})
    return d


EXAMPLES = {
    "import-sea-container.json": import_sea,
    "import-air-fta.json": import_air_fta,
    "export-sea.json": export_sea,
    "import-low-value.json": import_low_value,
    "import-50-lines.json": import_50_lines,
    "import-with-errors.json": import_with_errors,
}

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name, build in EXAMPLES.items():
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            json.dump(build(), f, ensure_ascii=False, indent=2)
            f.write("\n")
        print("wrote", name)
