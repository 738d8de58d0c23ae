#!/usr/bin/env python3
"""Writes the shipped exercise packs 03-11 (assets/exercises/NN-*/exercise.toml + key.json).

The documents' data and the key declaration come from one description here, so the invoice a
trainee reads and the key agree. The lane and taxes in each [key] are NOT invented here: run
`cargo test --lib print_computed_key_values -- --ignored --nocapture > /tmp/computed.txt` and
then `tools/gen_exercises.py /tmp/computed.txt` to write the program's own figures into the
packs (the test `every_shipped_key_states_the_taxes_and_lane_the_program_computes` checks them).
Packs 01-02 are written by hand. The split exercise (10) takes its key from `khaibao split`:
`tools/gen_exercises.py --split KHAIBAO_BINARY` writes it first.
"""
import copy, json, os, re, subprocess, sys, tempfile
from decimal import Decimal

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "assets", "exercises")
FIX = os.path.join(ROOT, "tests", "fixtures")

KB = {"tax_code": "0301234567", "name": "CÔNG TY TNHH THƯƠNG MẠI VÀ DỊCH VỤ KHAI BÁO", "postcode": "700000",
      "address": "Số 12 đường Nguyễn Huệ, phường Sài Gòn, TP Hồ Chí Minh", "phone": "02838123456"}
KB_DOC = {"name": KB["name"], "address": ["Số 12 đường Nguyễn Huệ, phường Sài Gòn", "TP Hồ Chí Minh, Việt Nam"],
          "country": "VN", "tax_code": KB["tax_code"]}


def q(s):
    return json.dumps(s, ensure_ascii=False)


NOT_ON_DOCUMENTS = {
    "declarant.postcode": ("Mã bưu chính không có trên chứng từ của bài: không chấm.", "The postcode is on no document of the exercise: not scored."),
    "declarant.phone": ("Số điện thoại không có trên chứng từ của bài: không chấm.", "The phone number is on no document of the exercise: not scored."),
    "vessel.code": ("Mã phương tiện vận chuyển không có trên chứng từ của bài: không chấm.", "The vessel's code is on no document of the exercise: not scored."),
    "marks": ("Ký mã hiệu chép từ phiếu đóng gói: không chấm.", "The shipping marks, copied from the packing list: not scored."),
    "loading_place.name": ("Tên địa điểm xếp hàng: mã địa điểm mới được chấm.", "The place of loading's name: its code is what is scored."),
    "destination_place.name": ("Tên địa điểm dỡ hàng: mã địa điểm mới được chấm.", "The place of unloading's name: its code is what is scored."),
}


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return q(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def table(name, d):
    out = [f"[{name}]"]
    for k, v in d.items():
        if isinstance(v, list) and v and isinstance(v[0], dict) and k == "line":
            continue
        out.append(f"{k} = {toml_value(v)}")
    for line in d.get("line", []) if isinstance(d.get("line"), list) and d.get("line") and isinstance(d["line"][0], dict) else []:
        out.append(f"\n[[{name}.line]]")
        for k, v in line.items():
            out.append(f"{k} = {toml_value(v)}")
    return "\n".join(out)


def base_import(**over):
    d = {"format": "khaibao-declaration/1", "direction": "import", "type_code": "A11", "transport_mode": "2",
         "party_kind": "4", "office": "02CI", "team": "00", "declarant": dict(KB)}
    d.update(over)
    return d


def line(hs, desc, origin, sched, qty, unit, price, net, taxes=("GTGT10",), co=None):
    value = (Decimal(qty) * Decimal(price)).quantize(Decimal("0.01"))
    g = {"hs_code": hs, "description": desc, "origin_country": origin, "tariff_schedule": sched,
         "quantity": {"amount": qty, "unit": unit}, "quantity2": {"amount": net, "unit": "KGM"},
         "unit_price": price, "invoice_value": str(value), "other_taxes": [{"code": t} for t in taxes]}
    if co:
        g["co_form"] = co
    if origin is None:
        del g["origin_country"], g["tariff_schedule"]
    if not taxes:
        del g["other_taxes"]
    return g


def doc_lines(goods, texts, origin_name):
    out = []
    for g, (text, hs_hint) in zip(goods, texts):
        l = {"description": text}
        if hs_hint:
            l["hs_hint"] = hs_hint
        if origin_name:
            l["origin"] = origin_name
        l.update({"quantity": g["quantity"]["amount"], "unit": g["quantity"]["unit"], "unit_price": g["unit_price"],
                  "net_weight": g["quantity2"]["amount"]})
        out.append(l)
    return out


def total(goods):
    return str(sum(Decimal(g["invoice_value"]) for g in goods).quantize(Decimal("0.01")))


def write(pack):
    folder = os.path.join(OUT, pack["id"])
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "key.json"), "w", encoding="utf-8") as f:
        json.dump(pack["key_declaration"], f, ensure_ascii=False, indent=2)
        f.write("\n")
    parts = ["# KhaiBao exercise pack (format: docs/exercises.md). Written by tools/gen_exercises.py.",
             f"id = {q(pack['id'])}", f"level = {pack['level']}", f"date = {q(pack.get('date', '2026-11-23'))}",
             f"title = {toml_value(pack['title'])}", f"teaches = {toml_value(pack['teaches'])}",
             f"scenario = {toml_value(pack['scenario'])}", ""]
    docs = pack["documents"]
    for name in ("invoice", "packing_list", "transport", "certificate_of_origin"):
        if name in docs:
            parts.append(table(f"documents.{name}", docs[name]))
            parts.append("")
    for note in docs.get("notes", []):
        parts.append("[[documents.note]]")
        parts.append(f"title = {toml_value(note['title'])}")
        parts.append(f"body = {toml_value(note['body'])}")
        parts.append("")
    for h in pack["hints"]:
        parts.append("[[hint]]")
        if h.get("field"):
            parts.append(f"field = {q(h['field'])}")
        parts.append(f"vi = {q(h['vi'])}")
        parts.append(f"en = {q(h['en'])}")
    parts.append("")
    parts.append("[key]")
    computed = pack.get("computed", {"lane": 1, "taxes": {}})
    parts.append(f"lane = {computed['lane']}")
    for k, v in pack.get("key_extra", {}).items():
        parts.append(f"{k} = {toml_value(v)}")
    parts.append("[key.taxes]")
    for k, v in computed["taxes"].items():
        parts.append(f"{k} = {q(v)}")
    for path, tol in pack.get("fields", {"goods.description": {"compare": "text"}}).items():
        parts.append(f'[key.fields."{path}"]')
        for k, v in tol.items():
            parts.append(f"{k} = {toml_value(v)}")
    if pack.get("procedure"):
        parts.append("[key.procedure]")
        for k, v in pack["procedure"].items():
            parts.append(f"{k} = {toml_value(v)}")
    # Items the documents do not give (or give only as free text): not scored (a tryout found
    # a trainee copying the documents exactly could not reach full marks).
    parts.append("")
    parts.append("# Items the documents do not give (or give only as free text): not scored.")
    first = True
    for path, (vi, en) in NOT_ON_DOCUMENTS.items():
        if path in pack.get("fields", {}):
            continue
        if not first:
            parts.append("")
        first = False
        parts.append(f'[key.fields."{path}"]')
        parts.append('compare = "ignore"')
        parts.append(f"vi = {q(vi)}")
        parts.append(f"en = {q(en)}")
    with open(os.path.join(folder, "exercise.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


def transport_sea(number, date, shipper, vessel, loading, discharge, arrival, containers, packages, gw, freight="PREPAID",
                  carrier=None):
    t = {"kind": "bill_of_lading", "number": number, "date": date}
    if carrier:
        t["carrier"] = carrier
    t.update({"shipper": shipper, "consignee": {"name": KB["name"], "address": [KB["address"]]}, "vessel": vessel,
              "loading": loading, "discharge": discharge, "arrival": arrival, "containers": containers,
              "freight": freight, "packages": packages, "gross_weight": gw})
    return t


def sea_header(bl, pkgs, gw, vessel, arrival, loading, containers, invoice, valuation=None, **over):
    d = base_import(**over)
    d.update({"foreign_party": invoice.pop("_fp"), "bills_of_lading": [bl], "packages": {"amount": pkgs, "unit": "CT"},
              "gross_weight": {"amount": gw, "unit": "KGM"}, "storage_location": "02CIS01",
              "vessel": {"code": "9999", "name": vessel}, "arrival_date": arrival, "loading_place": loading,
              "destination_place": {"code": "VNCLI", "name": "CANG CAT LAI (HCM)"}, "containers": containers,
              "invoice": invoice, "valuation": valuation or {"method": "6", "insurance": {"kind": "D"}},
              "tax_payer": "1", "payment_deadline_code": "D"})
    return d


# ---------------------------------------------------------------- 03 / 04: ATIGA form D
BKK = {"name": "SIAM KB GARMENT CO., LTD.", "address": ["99 RAMA IV ROAD", "KHLONG TOEI", "BANGKOK 10110", "THAILAND"], "country": "TH"}


def atiga(qualifies):
    sched, co = ("B04", "D") if qualifies else ("B01", None)
    goods = [line("62034290", "Quần dài nam bằng vải denim từ bông, dệt thoi, hiệu KB, mới 100%", "TH", sched, "1200", "PCE", "8.50", "720", co=co),
             line("61091010", "Áo phông nam bằng cotton dệt kim, cổ tròn, hiệu KB, mới 100%", "TH", sched, "2000", "PCE", "3.20", "400", co=co)]
    inv = {"_fp": {"name": BKK["name"], "address": BKK["address"], "country": "TH"}, "kind": "A", "number": "SKG-2026-0311" if qualifies else "SKG-2026-0312",
           "date": "2026-11-10", "payment_method": "TTR", "price_kind": "A", "incoterm": "CIF", "currency": "USD", "total": total(goods)}
    bl = "HLCUBKK2611001" if qualifies else "HLCUBKK2611002"
    d = sea_header(bl, "160", "1240", "HMM KB 045S", "2026-11-18", {"code": "THBKK", "name": "BANGKOK"}, ["HLXU1234561"], inv)
    co_number = "TH2026-D-0045871" if qualifies else "TH2026-D-0045872"
    d["notes"] = f"C/O mẫu D số {co_number} ngày 10/11/2026" if qualifies else "C/O mẫu D không hợp lệ: áp dụng thuế suất MFN"
    d["goods"] = goods
    texts = [("Men's cotton denim trousers, woven, KB brand", "6203.42"), ("Men's cotton knitted T-shirt, round neck, KB brand", "6109.10")]
    documents = {
        "invoice": {"number": inv["number"], "date": "2026-11-10", "seller": BKK, "buyer": KB_DOC, "incoterm": "CIF",
                    "incoterm_place": "CAT LAI, HO CHI MINH CITY", "currency": "USD", "payment": "T/T",
                    "line": doc_lines(goods, texts, "THAILAND")},
        "packing_list": {"packages": "160", "package_unit": "CT", "gross_weight": "1240", "net_weight": "1120", "marks": "KB/SKG/1-160"},
        "transport": transport_sea(bl, "2026-11-12", {"name": BKK["name"], "address": [", ".join(BKK["address"])]}, "HMM KB 045S",
                                   "BANGKOK, THAILAND (THBKK)", "CAT LAI, HO CHI MINH CITY (VNCLI)", "2026-11-18", ["HLXU1234561"],
                                   "160 CARTONS", "1240", carrier="HAPAG-LLOYD"),
        "certificate_of_origin": {
            "form": "D", "number": co_number, "date": "2026-11-10" if qualifies else "2026-11-11", "issued_in": "TH",
            "exporter": BKK, "consignee": KB_DOC, "transport": f"BY SEA, HMM KB 045S, B/L {bl}, BANGKOK - CAT LAI",
            "line": [{"description": texts[0][0], "hs_code": "6203.42", "criterion": "RVC 40%" if qualifies else "—", "invoice": f"{inv['number']} 10/11/2026"},
                     {"description": texts[1][0], "hs_code": "6109.10", "criterion": "RVC 40%" if qualifies else "—", "invoice": f"{inv['number']} 10/11/2026"}],
        },
    }
    if not qualifies:
        documents["certificate_of_origin"]["remarks"] = "Origin criterion left blank; issued for invoice SKG-2026-0311 (not this shipment's invoice)."
        documents["notes"] = [{"title": {"vi": "Kết quả kiểm tra C/O", "en": "C/O check"},
                               "body": {"vi": "C/O không ghi tiêu chí xuất xứ và ghi số hóa đơn của lô hàng khác: không đủ điều kiện hưởng ưu đãi ATIGA. Khai biểu thuế B01 (MFN), không khai mẫu C/O.",
                                        "en": "The C/O states no origin criterion and another shipment's invoice number: it does not qualify for the ATIGA preference. Declare schedule B01 (MFN) and no C/O form."}}]
    hints = [
        {"field": "goods.tariff_schedule", "vi": "Hàng xuất xứ Thái Lan có C/O mẫu D hợp lệ: biểu thuế B04 (ATIGA) và mẫu C/O D trên từng dòng." if qualifies else "C/O không hợp lệ: không được hưởng ATIGA; khai biểu thuế B01 (MFN) và để trống mẫu C/O.",
         "en": "Thai goods with a valid form D C/O: schedule B04 (ATIGA) and C/O form D on each line." if qualifies else "The C/O does not qualify: no ATIGA rate; declare schedule B01 (MFN) and leave the C/O form empty."},
        {"field": "goods.co_form", "vi": "Đối chiếu C/O với hóa đơn: số hóa đơn, mô tả, mã HS 6 số và tiêu chí xuất xứ phải khớp.",
         "en": "Match the C/O with the invoice: invoice number, description, 6-digit HS code and origin criterion must agree."},
        {"field": "notes", "vi": "Ghi số và ngày C/O vào phần ghi chú." if qualifies else "Ghi chú lý do không áp dụng ưu đãi.",
         "en": "Put the C/O's number and date in the notes." if qualifies else "Note why no preference is claimed."},
        {"field": "goods.hs_code", "vi": "Quần denim nam 62034290, áo phông cotton nam 61091010.", "en": "Men's denim trousers 62034290, men's cotton T-shirts 61091010."},
    ]
    return {
        "id": "03-fta-atiga-form-d" if qualifies else "04-fta-co-not-qualifying", "level": 2,
        "title": {"vi": "Ưu đãi ATIGA với C/O mẫu D", "en": "ATIGA preference with a form D C/O"} if qualifies else
                 {"vi": "C/O không đủ điều kiện: áp thuế suất MFN", "en": "A C/O that does not qualify: the MFN rate applies"},
        "teaches": {"vi": "Khai biểu thuế ưu đãi đặc biệt ATIGA (B04) và mẫu C/O D để thuế nhập khẩu về 0%", "en": "Claiming the ATIGA special preferential schedule (B04) with form D so the import duty drops to 0 %"} if qualifies else
                   {"vi": "Nhận ra C/O không hợp lệ và khai thuế suất MFN (B01) thay vì ưu đãi đặc biệt", "en": "Spotting a C/O that does not qualify and declaring the MFN rate (B01) instead of the preference"},
        "scenario": {"vi": f"Công ty Khai Báo nhập quần áo may sẵn từ Thái Lan, giá CIF Cát Lái, tàu đến 18/11/2026, khai tại 02CI đội 00, lưu bãi 02CIS01, tự nộp thuế (D). Người bán gửi kèm C/O mẫu D số {co_number}. " + ("Khai tờ khai A11 hưởng ưu đãi ATIGA." if qualifies else "Kiểm tra C/O trước khi khai: nếu không hợp lệ thì không được hưởng ưu đãi."),
                     "en": f"Khai Bao Co. imports garments from Thailand, CIF Cat Lai, arriving 18 Nov 2026, declared at 02CI team 00, stored at 02CIS01, taxes paid by the company (D). The seller sends form D C/O {co_number}. " + ("Declare A11 with the ATIGA preference." if qualifies else "Check the C/O before declaring: if it does not qualify, no preference applies.")},
        "documents": documents, "hints": hints, "key_declaration": d,
        "fields": {"goods.description": {"compare": "text"}, "notes": {"compare": "ignore"}},
    }


# ---------------------------------------------------------------- 05: wine, SCT
def wine():
    fr = {"name": "BORDEAUX KB VINS SAS", "address": ["12 QUAI DES CHARTRONS", "33000 BORDEAUX", "FRANCE"], "country": "FR"}
    goods = [line("22042111", "Rượu vang đỏ Bordeaux 13,5% vol, chai 0,75 lít, niên vụ 2022, hiệu Château KB", "FR", "B01", "900", "LTR", "6.00", "1350", taxes=("TTDB-R00", "GTGT10"))]
    inv = {"_fp": {"name": fr["name"], "address": fr["address"], "country": "FR"}, "kind": "A", "number": "BKV-26-1187", "date": "2026-10-20",
           "payment_method": "TTR", "price_kind": "A", "incoterm": "CIF", "currency": "EUR", "total": total(goods)}
    d = sea_header("CMDULEH2610777", "100", "1620", "CMA CGM KB 0FL2E", "2026-11-19", {"code": "FRLEH", "name": "LE HAVRE"}, ["CMAU1234564"], inv)
    d["goods"] = goods
    d["other_law_codes"] = ["KC"]
    documents = {
        "invoice": {"number": "BKV-26-1187", "date": "2026-10-20", "seller": fr, "buyer": KB_DOC, "incoterm": "CIF", "incoterm_place": "CAT LAI",
                    "currency": "EUR", "payment": "T/T 30 days", "line": [{"description": "Red wine AOC Bordeaux 13.5% vol, Château KB 2022, 1,200 bottles x 0.75 l",
                                                                         "hs_hint": "2204.21", "origin": "FRANCE", "quantity": "900", "unit": "LTR", "unit_price": "6.00", "net_weight": "1350"}]},
        "packing_list": {"packages": "100", "package_unit": "CT", "gross_weight": "1620", "net_weight": "1350", "marks": "CHATEAU KB/VN/1-100"},
        "transport": transport_sea("CMDULEH2610777", "2026-10-22", {"name": fr["name"], "address": [", ".join(fr["address"])]}, "CMA CGM KB 0FL2E",
                                   "LE HAVRE, FRANCE (FRLEH)", "CAT LAI, HO CHI MINH CITY (VNCLI)", "2026-11-19", ["CMAU1234564"], "100 CARTONS", "1620",
                                   carrier="CMA CGM"),
    }
    hints = [
        {"field": "goods.quantity.amount", "vi": "Đơn vị tính của rượu vang trong biểu thuế là lít (LTR): 1.200 chai × 0,75 l = 900 LTR; đơn giá theo lít.", "en": "Wine's tariff unit is the litre (LTR): 1,200 bottles × 0.75 l = 900 LTR; the unit price per litre."},
        {"field": "goods.other_taxes.code", "vi": "Rượu dưới 20 độ chịu thuế tiêu thụ đặc biệt: mã TTDB-R00, rồi GTGT10. Thuế TTĐB tính trên trị giá tính thuế cộng thuế nhập khẩu.", "en": "Wine under 20 % vol bears special consumption tax: code TTDB-R00, then GTGT10. SCT is computed on the taxable value plus import duty."},
        {"field": "invoice.currency", "vi": "Hóa đơn bằng EUR: chương trình quy đổi theo tỷ giá tính thuế của ngày khai.", "en": "The invoice is in EUR: the program converts at the day's customs exchange rate."},
        {"field": "other_law_codes", "vi": "Rượu thuộc diện quản lý chuyên ngành; khai mã văn bản pháp luật (KC). Rượu bia được phân luồng vàng.", "en": "Wine is under specialised management; declare the other-law code (KC). Alcohol goes to the yellow lane."},
    ]
    return {"id": "05-wine-special-consumption-tax", "level": 2,
            "title": {"vi": "Rượu vang: thuế tiêu thụ đặc biệt", "en": "Wine: special consumption tax"},
            "teaches": {"vi": "Khai mã thuế tiêu thụ đặc biệt cho rượu vang và hiểu thứ tự tính thuế: nhập khẩu, TTĐB, rồi GTGT", "en": "Declaring the special consumption tax code for wine and the order of the taxes: import duty, SCT, then VAT"},
            "scenario": {"vi": "Công ty Khai Báo nhập 1.200 chai rượu vang đỏ Pháp (0,75 lít, 13,5 độ), giá CIF Cát Lái bằng EUR, tàu đến 19/11/2026, khai tại 02CI đội 00, lưu bãi 02CIS01, tự nộp thuế (D). Khai tờ khai A11 với đủ các loại thuế.",
                         "en": "Khai Bao Co. imports 1,200 bottles of French red wine (0.75 l, 13.5 % vol), CIF Cat Lai in EUR, arriving 19 Nov 2026, declared at 02CI team 00, stored at 02CIS01, taxes paid by the company (D). Declare A11 with every tax."},
            "documents": documents, "hints": hints, "key_declaration": d}


# ---------------------------------------------------------------- 06: plastic bags, EPT
def bags():
    cn = {"name": "XIAMEN KB PACKAGING CO., LTD.", "address": ["18 HAICANG ROAD", "XIAMEN", "FUJIAN", "CHINA"], "country": "CN"}
    goods = [line("39232119", "Túi nhựa PE (polyetylen) dùng đóng gói hàng, loại có quai, kích thước 30x50 cm, mới 100%", "CN", "B01", "5000", "KGM", "1.60", "5000", taxes=("BVMT-TUI", "GTGT10"))]
    inv = {"_fp": {"name": cn["name"], "address": cn["address"], "country": "CN"}, "kind": "A", "number": "XMKB-2611-09", "date": "2026-11-06",
           "payment_method": "TTR", "price_kind": "A", "incoterm": "CIF", "currency": "USD", "total": total(goods)}
    d = sea_header("COSU6200011223", "250", "5250", "COSCO KB 2611S", "2026-11-17", {"code": "CNXMN", "name": "XIAMEN"}, ["CSNU1234560"], inv)
    d["goods"] = goods
    documents = {
        "invoice": {"number": "XMKB-2611-09", "date": "2026-11-06", "seller": cn, "buyer": KB_DOC, "incoterm": "CIF", "incoterm_place": "CAT LAI",
                    "currency": "USD", "payment": "T/T", "line": [{"description": "PE plastic carrier bags with handles 30x50 cm", "hs_hint": "3923.21",
                                                                 "origin": "CHINA", "quantity": "5000", "unit": "KGM", "unit_price": "1.60", "net_weight": "5000"}]},
        "packing_list": {"packages": "250", "package_unit": "CT", "gross_weight": "5250", "net_weight": "5000", "marks": "KB-BAGS 1-250"},
        "transport": transport_sea("COSU6200011223", "2026-11-09", {"name": cn["name"], "address": [", ".join(cn["address"])]}, "COSCO KB 2611S",
                                   "XIAMEN, CHINA (CNXMN)", "CAT LAI, HO CHI MINH CITY (VNCLI)", "2026-11-17", ["CSNU1234560"], "250 CARTONS", "5250", carrier="COSCO SHIPPING"),
    }
    hints = [
        {"field": "goods.other_taxes.code", "vi": "Túi ni lông chịu thuế bảo vệ môi trường tính theo kg: mã BVMT-TUI (mức tuyệt đối mỗi kg), rồi GTGT10.", "en": "Plastic bags bear environmental protection tax per kg: code BVMT-TUI (a fixed amount per kg), then GTGT10."},
        {"field": "goods.quantity.amount", "vi": "Số lượng theo kg (5.000 KGM): thuế BVMT = số kg × mức thuế.", "en": "Quantity in kg (5,000 KGM): the EPT is kilograms × the rate."},
        {"field": "goods.hs_code", "vi": "Túi từ polyme etylen: 3923.21, mã 8 số 39232119.", "en": "Bags of polymers of ethylene: 3923.21, 8-digit code 39232119."},
    ]
    return {"id": "06-plastic-bags-environmental-tax", "level": 2,
            "title": {"vi": "Túi ni lông: thuế bảo vệ môi trường", "en": "Plastic bags: environmental protection tax"},
            "teaches": {"vi": "Khai thuế bảo vệ môi trường tính theo đơn vị (kg) cho túi ni lông và thấy nó cộng vào giá tính thuế GTGT", "en": "Declaring the per-unit (kg) environmental protection tax on plastic bags and seeing it added to the VAT base"},
            "scenario": {"vi": "Công ty Khai Báo nhập 5 tấn túi ni lông PE từ Trung Quốc, giá CIF Cát Lái, tàu đến 17/11/2026, khai tại 02CI đội 00, lưu bãi 02CIS01, tự nộp thuế (D). Không có C/O. Khai tờ khai A11.",
                         "en": "Khai Bao Co. imports 5 tonnes of PE plastic bags from China, CIF Cat Lai, arriving 17 Nov 2026, declared at 02CI team 00, stored at 02CIS01, taxes paid by the company (D). No C/O. Declare A11."},
            "documents": documents, "hints": hints, "key_declaration": d}


# ---------------------------------------------------------------- 07: export duty, B11
def export_duty():
    jp = {"name": "OSAKA KB STEEL TRADING CO., LTD.", "address": ["2-5 NAKANOSHIMA", "KITA-KU", "OSAKA", "JAPAN"], "country": "JP"}
    seller = {"name": "CÔNG TY CỔ PHẦN NÔNG SẢN XUẤT KHẨU KB", "address": ["Khu công nghiệp Nhơn Trạch, tỉnh Đồng Nai"], "country": "VN", "tax_code": "3600123456"}
    goods = [{"hs_code": "26011110", "description": "Quặng sắt hematit chưa nung kết, hàm lượng Fe 62%, dạng cục", "quantity": {"amount": "100000", "unit": "KGM"},
              "unit_price": "0.12", "invoice_value": "12000.00", "quantity2": {"amount": "100000", "unit": "KGM"}}]
    d = {"format": "khaibao-declaration/1", "direction": "export", "type_code": "B11", "transport_mode": "3", "office": "02CI", "team": "01",
         "declarant": {"tax_code": "3600123456", "name": seller["name"], "address": "Khu công nghiệp Nhơn Trạch, tỉnh Đồng Nai", "phone": "02513561234"},
         "foreign_party": {"name": jp["name"], "address": jp["address"], "country": "JP"}, "bills_of_lading": ["KBOSA2611005"],
         "packages": {"amount": "1", "unit": "VR"}, "gross_weight": {"amount": "100000", "unit": "KGM"}, "storage_location": "02CIOZZ",
         "vessel": {"code": "9999", "name": "KB BULK 12N"}, "departure_date": "2026-11-26", "loading_place": {"code": "VNCLI", "name": "CANG CAT LAI (HCM)"},
         "destination_place": {"code": "JPOSA", "name": "OSAKA"}, "invoice": {"kind": "A", "number": "KBX-2026-051", "date": "2026-11-18", "payment_method": "LC",
         "price_kind": "A", "incoterm": "FOB", "currency": "USD", "total": "12000.00"}, "tax_payer": "1", "payment_deadline_code": "D", "goods": goods}
    documents = {
        "invoice": {"number": "KBX-2026-051", "date": "2026-11-18", "seller": seller, "buyer": jp, "incoterm": "FOB", "incoterm_place": "CAT LAI",
                    "currency": "USD", "payment": "L/C at sight", "line": [{"description": "Hematite iron ore, lump, Fe 62%, not agglomerated", "hs_hint": "2601.11",
                                                                          "origin": "VIETNAM", "quantity": "100000", "unit": "KGM", "unit_price": "0.12", "net_weight": "100000"}]},
        "transport": {"kind": "bill_of_lading", "number": "KBOSA2611005", "date": "2026-11-26", "carrier": "KB BULK SHIPPING",
                      "shipper": {"name": seller["name"], "address": seller["address"]}, "consignee": {"name": jp["name"], "address": [", ".join(jp["address"])]},
                      "vessel": "KB BULK 12N", "loading": "CAT LAI, HO CHI MINH CITY (VNCLI)", "discharge": "OSAKA, JAPAN (JPOSA)", "freight": "COLLECT",
                      "packages": "IN BULK", "gross_weight": "100000"},
    }
    hints = [
        {"field": "type_code", "vi": "Xuất kinh doanh: mã loại hình B11.", "en": "A business export: type code B11."},
        {"field": "transport_mode", "vi": "Hàng rời đường biển: phương thức 3; kiện hàng: 1 VR (hàng rời).", "en": "Sea bulk: transport mode 3; packages: 1 VR (bulk)."},
        {"field": "goods.hs_code", "vi": "Quặng sắt chưa nung kết 26011110 chịu thuế xuất khẩu; thuế tính trên trị giá FOB.", "en": "Non-agglomerated iron ore 26011110 bears export duty, computed on the FOB value."},
        {"field": "departure_date", "vi": "Tờ khai xuất phải đăng ký trước ngày tàu chạy (26/11/2026).", "en": "The export declaration must be registered before the vessel sails (26 Nov 2026)."},
    ]
    return {"id": "07-export-duty-b11", "level": 2,
            "title": {"vi": "Xuất khẩu có thuế xuất khẩu (B11)", "en": "An export with export duty (B11)"},
            "teaches": {"vi": "Khai tờ khai xuất khẩu kinh doanh B11 và tính thuế xuất khẩu trên trị giá FOB", "en": "Declaring a business export B11 and its export duty on the FOB value"},
            "scenario": {"vi": "Công ty CP Nông sản Xuất khẩu KB (MST 3600123456) bán 100 tấn quặng sắt cho Nhật Bản, giá FOB Cát Lái, hàng rời, tàu chạy 26/11/2026. Khai tại 02CI đội 01, hàng tập kết tại 02CIOZZ, tự nộp thuế (D).",
                         "en": "KB Agricultural Export JSC (tax code 3600123456) sells 100 tonnes of iron ore to Japan, FOB Cat Lai, in bulk, sailing 26 Nov 2026. Declared at 02CI team 01, goods gathered at 02CIOZZ, taxes paid by the company (D)."},
            "documents": documents, "hints": hints, "key_declaration": d}


# ---------------------------------------------------------------- 08: amendment
def amendment():
    pack = atiga(True)
    d = copy.deepcopy(pack["key_declaration"])
    d["goods"][1]["quantity"]["amount"] = "2100"
    d["goods"][1]["invoice_value"] = "6720.00"
    d["invoice"]["total"] = total(d["goods"])
    d["packages"]["amount"] = "165"
    d["gross_weight"]["amount"] = "1260"
    d["goods"][1]["quantity2"]["amount"] = "420"
    d["notes"] = "C/O mẫu D số TH2026-D-0045871 ngày 10/11/2026; khai sửa đổi số lượng dòng 2 theo hóa đơn điều chỉnh"
    pack["key_declaration"] = d
    pack["documents"]["invoice"]["line"][1]["quantity"] = "2100"
    pack["documents"]["invoice"]["line"][1]["net_weight"] = "420"
    pack["documents"]["packing_list"].update({"packages": "165", "gross_weight": "1260", "net_weight": "1140"})
    pack["documents"]["transport"].update({"packages": "165 CARTONS", "gross_weight": "1260"})
    pack["documents"]["notes"] = [{"title": {"vi": "Thư điều chỉnh của người bán", "en": "The seller's correction"},
                                   "body": {"vi": "Tờ khai đã đăng ký (luồng xanh). Người bán báo giao thêm 100 áo phông (5 kiện, 20 kg) trong cùng container; hóa đơn điều chỉnh: dòng 2 là 2.100 chiếc. Khai sửa đổi (IDA01) rồi đăng ký (IDE).",
                                            "en": "The declaration is registered (green lane). The seller reports 100 more T-shirts (5 cartons, 20 kg) in the same container; corrected invoice: line 2 is 2,100 pieces. Amend (IDA01), then register the amendment (IDE)."}}]
    pack.update({"id": "08-amendment-after-registration", "level": 3,
                 "title": {"vi": "Khai sửa đổi sau đăng ký", "en": "Amending after registration"},
                 "teaches": {"vi": "Sửa tờ khai đã đăng ký: chỉ các ô được phép sửa, số tờ khai tăng chữ số nhánh lên 1", "en": "Amending a registered declaration: only the amendable fields change, and the number's branch digit goes up by 1"},
                 "scenario": {"vi": "Tờ khai nhập quần áo Thái Lan (bài 03) đã đăng ký. Người bán giao thêm 100 áo phông. Gọi tờ khai ra sửa (IDA01), sửa số lượng, trị giá, số kiện, trọng lượng; không được đổi mã loại hình, cơ quan hải quan hay người nhập khẩu. Sau khi đăng ký sửa đổi, số tờ khai kết thúc bằng 1.",
                              "en": "The Thai garments import (exercise 03) is registered. The seller shipped 100 more T-shirts. Call it up for amendment (IDA01) and correct quantity, value, packages and weight; the type code, office and importer may not change. Once the amendment is registered the number ends in 1."},
                 "procedure": {"branch": 1, "status": "registered", "note": {"vi": "Mỗi lần sửa đổi được đăng ký, chữ số cuối (nhánh) của số tờ khai tăng 1; các ô khóa (loại hình, cơ quan, người nhập khẩu…) không sửa được.",
                                                                            "en": "Each registered amendment raises the number's last (branch) digit by 1; locked fields (type code, office, importer…) cannot change."}}})
    pack["hints"] = [{"field": "goods.quantity.amount", "vi": "Chỉ sửa số lượng, trị giá dòng 2, tổng trị giá hóa đơn, số kiện và trọng lượng.", "en": "Change only line 2's quantity and value, the invoice total, packages and weight."},
                     {"field": "type_code", "vi": "Mã loại hình, cơ quan hải quan, mã người nhập khẩu là ô khóa: không sửa khi khai sửa đổi.", "en": "Type code, customs office and importer are locked: an amendment cannot change them."},
                     {"field": "notes", "vi": "Ghi lý do sửa đổi vào ghi chú.", "en": "State the reason for the amendment in the notes."}]
    return pack


# ---------------------------------------------------------------- 09: provisional expires
def expiry():
    pack = wine()
    pack.update({"id": "09-provisional-expires", "level": 3, "date": "2026-11-23",
                 "title": {"vi": "Tờ khai tạm hết hạn sau 7 ngày", "en": "A provisional declaration that expires after 7 days"},
                 "teaches": {"vi": "Thông tin khai tạm (IDA) chỉ được giữ 7 ngày; quá hạn không đăng ký (IDC) thì hết hiệu lực và phải khai lại", "en": "Provisional information (IDA) is kept for 7 days only; not registered (IDC) in time, it expires and must be declared again"},
                 "scenario": {"vi": "Khai tạm (IDA) tờ khai rượu vang của bài 05 rồi chờ chứng từ thanh toán; không gửi IDC. Trên trình mô phỏng, cho đồng hồ chạy thêm 8 ngày và xem trạng thái tờ khai. Kết quả đúng: tờ khai hết hạn (expired).",
                              "en": "Send the wine declaration of exercise 05 as provisional (IDA) and wait for the payment documents; send no IDC. On the simulator, move the clock on 8 days and look at the declaration's state. The right result: it expired."},
                 "procedure": {"status": "expired", "note": {"vi": "VNACCS giữ thông tin khai tạm 7 ngày; sau đó phải khai lại từ đầu (IDA mới).", "en": "VNACCS keeps provisional information for 7 days; after that the declaration starts again (a new IDA)."}}})
    pack["hints"] = pack["hints"] + [{"vi": "Khai tạm (IDA) chưa phải đăng ký: phải gửi IDC trong 7 ngày.", "en": "Provisional (IDA) is not registration: IDC must follow within 7 days."}]
    return pack


# ---------------------------------------------------------------- 10: split invoice of 60 lines
# The Ningbo seller writes its invoice in English (a tryout found the key's Vietnamese
# descriptions printed as the seller's): each product as the seller names it, by the
# Vietnamese description the declaration gives it.
SPLIT_ENGLISH = {
    "Ổ bi cầu bằng thép, đường kính trong 20 mm": "STEEL DEEP GROOVE BALL BEARING, BORE 20 MM",
    "Bu lông thép mạ kẽm M12x50": "GALVANIZED STEEL BOLT M12X50",
    "Bộ nguồn chuyển đổi 220V/24V 100W": "SWITCHING POWER SUPPLY 220V/24V 100W",
    "Ổ cắm điện 3 chấu 16A": "3-PIN POWER SOCKET 16A",
    "Ống nhựa PVC cứng phi 21": "RIGID PVC PIPE, OD 21 MM",
    "Găng tay cao su bảo hộ lao động": "RUBBER SAFETY WORK GLOVES",
    "Van cổng bằng đồng DN25": "BRASS GATE VALVE DN25",
    "Đồng hồ đo áp suất 0-10 bar": "PRESSURE GAUGE 0-10 BAR",
    "Đèn LED âm trần 12W": "RECESSED LED DOWNLIGHT 12W",
    "Bộ dụng cụ cầm tay (tua vít, kìm)": "HAND TOOL SET (SCREWDRIVERS, PLIERS)",
}
SPLIT_BUYER_ADDRESS = ["DINH VU INDUSTRIAL ZONE, HAI PHONG CITY", "VIETNAM"]


def split_english(description):
    """The seller's English for a line the declaration describes in Vietnamese."""
    m = re.fullmatch(r"(.+), mã hàng (KB-\d{3}), mới 100%", description)
    return f"{SPLIT_ENGLISH[m.group(1)]}, ITEM NO. {m.group(2)}, BRAND NEW"


def split(binary):
    whole = json.load(open(os.path.join(FIX, "import-50-lines.json"), encoding="utf-8"))
    extra = copy.deepcopy(whole["goods"][:10])
    for n, g in enumerate(extra, start=51):
        g["description"] = re.sub(r"KB-\d{3}", f"KB-{n:03d}", g["description"])
    whole["goods"] += extra
    whole["invoice"]["total"] = total(whole["goods"])
    whole["invoice"]["number"] = "NBKB-2611-60"
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "whole.json")
        json.dump(whole, open(src, "w", encoding="utf-8"), ensure_ascii=False)
        out = os.path.join(tmp, "out")
        os.makedirs(out)
        subprocess.run([binary, "--data", os.path.join(tmp, "data"), "split", src, "--out", out], check=True,
                       env=dict(os.environ, KHAIBAO_NOW="2026-11-23T02:00:00Z"))
        parts = sorted(os.listdir(out))
        first = json.load(open(os.path.join(out, parts[0]), encoding="utf-8"))
    cn = {"name": whole["foreign_party"]["name"], "address": whole["foreign_party"]["address"], "country": "CN"}
    buyer = {"name": whole["declarant"]["name"], "address": SPLIT_BUYER_ADDRESS, "country": "VN", "tax_code": whole["declarant"]["tax_code"]}
    lines = []
    for g in whole["goods"]:
        lines.append({"description": split_english(g["description"]), "hs_hint": g["hs_code"][:4] + "." + g["hs_code"][4:6], "origin": "CHINA",
                      "quantity": g["quantity"]["amount"], "unit": g["quantity"]["unit"], "unit_price": g["unit_price"],
                      "net_weight": format(Decimal(g["quantity2"]["amount"]).normalize(), "f")})
    documents = {
        "invoice": {"number": "NBKB-2611-60", "date": whole["invoice"]["date"], "seller": cn, "buyer": buyer, "incoterm": "CIF", "incoterm_place": "HAI PHONG",
                    "currency": "USD", "payment": "T/T", "line": lines},
        "packing_list": {"packages": whole["packages"]["amount"], "package_unit": "CT", "gross_weight": whole["gross_weight"]["amount"], "marks": "NBKB/HP/1-310"},
        "transport": {"kind": "bill_of_lading", "number": whole["bills_of_lading"][0], "date": "2026-11-08", "carrier": "COSCO SHIPPING",
                      "shipper": {"name": cn["name"], "address": [", ".join(cn["address"])]}, "consignee": {"name": buyer["name"], "address": buyer["address"]},
                      "vessel": whole["vessel"]["name"], "loading": "NINGBO, CHINA (CNNGB)", "discharge": "HAI PHONG (VNHPH)", "arrival": whole["arrival_date"],
                      "containers": whole["containers"], "freight": "PREPAID", "packages": whole["packages"]["amount"] + " CARTONS", "gross_weight": whole["gross_weight"]["amount"]},
    }
    return {"id": "10-split-invoice-60-lines", "level": 3,
            "title": {"vi": "Hóa đơn 60 dòng: tách thành nhiều tờ khai", "en": "A 60-line invoice: split into several declarations"},
            "teaches": {"vi": "Một tờ khai tối đa 50 dòng hàng: tách hóa đơn, liên kết các tờ khai bằng số tờ khai đầu tiên, chia vận phí, trọng lượng, số kiện", "en": "A declaration holds at most 50 goods lines: splitting the invoice, linking the declarations by the first one's number, sharing out freight, weight and packages"},
            "scenario": {"vi": "Công ty TNHH Cơ điện KB Hải Phòng (MST 0201234567, doanh nghiệp ưu tiên) nhập linh kiện cơ khí từ Ninh Ba theo hóa đơn 60 dòng, giá CIF Hải Phòng, có C/O mẫu E. Khai tại 03CC đội 00, loại hình A12. Khai tờ khai đầu tiên (50 dòng đầu) của lô hàng: FIC = F, tổng số tờ khai 2.",
                         "en": "KB Mechanical & Electrical Hai Phong Co. (tax code 0201234567, a priority enterprise) imports mechanical parts from Ningbo on a 60-line invoice, CIF Hai Phong, with a form E C/O. Declared at 03CC team 00, type A12. Declare the shipment's first declaration (the first 50 lines): FIC = F, 2 declarations in all."},
            "documents": documents,
            "hints": [{"field": "first_declaration.number", "vi": "Tờ khai đầu tiên: số tờ khai đầu tiên ghi F, số thứ tự 1, tổng số tờ khai 2. Tờ khai sau ghi số của tờ khai đầu.", "en": "The first declaration: FIC = F, place 1, 2 in all. The next one carries the first's number."},
                      {"field": "packages.amount", "vi": "Số kiện và trọng lượng chia theo tỷ lệ trị giá giữa các tờ khai (lệnh khaibao split làm việc này).", "en": "Packages and weight are shared out between the declarations by value (khaibao split does it)."},
                      {"field": "invoice.total", "vi": "Tổng trị giá hóa đơn trên mỗi tờ khai là tổng các dòng của tờ khai đó.", "en": "Each declaration's invoice total is the sum of its own lines."}],
            "key_declaration": first,
            "procedure": {"declarations": 2},
            "fields": {"goods.description": {"compare": "text"}, "notes": {"compare": "ignore"}}}


# ---------------------------------------------------------------- 11: low-value express
def express():
    d = json.load(open(os.path.join(FIX, "import-low-value.json"), encoding="utf-8"))
    documents = {
        "invoice": {"number": "ORD-88231", "date": "2026-11-15", "seller": {"name": "KB ONLINE STORE LTD", "address": ["GUANGZHOU", "CHINA"], "country": "CN"},
                    "buyer": {"name": "NGUYỄN VĂN AN", "address": ["25 đường Lê Lợi, phường Bến Thành, TP Hồ Chí Minh"], "country": "VN", "tax_code": "8012345678"},
                    "incoterm": "CIP", "incoterm_place": "HO CHI MINH CITY", "currency": "USD", "payment": "Card (paid online)",
                    "line": [{"description": "Men's cotton T-shirt, round neck, size M", "hs_hint": "6109.10", "origin": "CHINA", "quantity": "10", "unit": "PCE",
                              "unit_price": "8.00", "net_weight": "2"}]},
        "transport": {"kind": "express_waybill", "number": "EX123456789CN", "date": "2026-11-20", "carrier": "KB EXPRESS",
                      "shipper": {"name": "KB ONLINE STORE LTD", "address": ["GUANGZHOU, CHINA"]}, "consignee": {"name": "NGUYỄN VĂN AN", "address": ["25 đường Lê Lợi, phường Bến Thành, TP Hồ Chí Minh"]},
                      "vessel": "KB EXPRESS FLIGHT KE0921", "loading": "GUANGZHOU (CNCAN)", "discharge": "TAN SON NHAT (VNSGN)", "arrival": "2026-11-21",
                      "freight": "PREPAID", "packages": "1 PARCEL", "gross_weight": "2.4"},
    }
    return {"id": "11-low-value-express", "level": 1,
            "title": {"vi": "Hàng chuyển phát nhanh trị giá thấp", "en": "A low-value express parcel"},
            "teaches": {"vi": "Khai hàng chuyển phát nhanh của cá nhân: phân loại hàng F, cá nhân nhận (2), chi cục chuyển phát nhanh", "en": "Declaring an individual's express parcel: cargo class F, an individual receiver (2), the express office"},
            "scenario": {"vi": "Anh Nguyễn Văn An (MST cá nhân 8012345678) mua 10 áo phông trên mạng, gửi chuyển phát nhanh qua sân bay Tân Sơn Nhất, đến 21/11/2026. Doanh nghiệp chuyển phát khai tại Chi cục chuyển phát nhanh 02DS.",
                         "en": "Mr Nguyen Van An (personal tax code 8012345678) bought 10 T-shirts online, sent by express courier through Tan Son Nhat, arriving 21 Nov 2026. The courier declares at the express branch 02DS."},
            "documents": documents,
            "hints": [{"field": "cargo_class", "vi": "Hàng chuyển phát nhanh trị giá thấp: mã phân loại hàng hóa F.", "en": "Low-value express goods: cargo class F."},
                      {"field": "party_kind", "vi": "Tổ chức gửi cho cá nhân: 2.", "en": "An organisation sending to an individual: 2."},
                      {"field": "office", "vi": "Chi cục hải quan chuyển phát nhanh: 02DS.", "en": "The express customs branch: 02DS."},
                      {"field": "transport_mode", "vi": "Đường hàng không: 1.", "en": "By air: 1."}],
            "key_declaration": d}


def apply_computed(packs, path):
    text = open(path, encoding="utf-8").read()
    computed = {}
    for block in re.split(r"^# ", text, flags=re.M)[1:]:
        lines = block.splitlines()
        ident = lines[0].strip()
        lane = int(re.search(r"^lane = (\d)", block, re.M).group(1))
        taxes = dict(re.findall(r'^(\w+) = "(-?\d+)"', block, re.M))
        computed[ident] = {"lane": lane, "taxes": taxes}
    for p in packs:
        if p["id"] in computed:
            p["computed"] = computed[p["id"]]


def main():
    args = sys.argv[1:]
    binary = None
    if args and args[0] == "--split":
        binary = args[1]
        args = args[2:]
    packs = [atiga(True), atiga(False), wine(), bags(), export_duty(), amendment(), expiry()]
    split_path = os.path.join(OUT, "10-split-invoice-60-lines", "key.json")
    if binary:
        packs.append(split(binary))
    packs.append(express())
    if args:
        apply_computed(packs, args[0])
    for p in packs:
        write(p)
    if not binary and os.path.exists(split_path):
        print("10-split-invoice-60-lines not rewritten (needs --split BINARY)")


if __name__ == "__main__":
    main()
