"""The one place lengths change unit. Layout is in millimetres; PDF works in points."""

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
PT_PER_MM = PT_PER_INCH / MM_PER_INCH  # 2.8346...
MM_PER_PT = MM_PER_INCH / PT_PER_INCH  # 0.3528 mm: the height of a 1 pt type size


def mm_to_pt(mm: float) -> float:
    return mm * PT_PER_MM


def pt_to_mm(pt: float) -> float:
    return pt * MM_PER_PT
