"""The unit pickers find a unit named without its ward by the ward's name, and keep exact names first."""
import re


def _picked(client, query: str) -> list[str]:
    html = client.get("/units/pick", query_string={"field": "unit_id", "q": query}).get_data(as_text=True)
    return [re.sub(r"\s+", " ", name).strip() for name in re.findall(r'type="radio"[^>]*>\s*([^<]+)<', html)]


def test_a_token_may_name_the_place_above_the_unit(as_role):
    admin = as_role("admin")
    assert _picked(admin, "van phong hdnd va ubnd phuong vi khe") == ["Văn phòng HĐND và UBND phường"]
    # The ward's name alone is not enough: one word at least must be the unit's own.
    assert "Văn phòng HĐND và UBND phường" not in _picked(admin, "vi khe")
    # Units named in full come first.
    hits = _picked(admin, "cong an vi khe")
    assert hits[0] == "Công an phường Vị Khê"
