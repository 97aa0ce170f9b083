from django import forms

from putokaz.core.widgets import LongSelect


class PlaceForm(forms.Form):
    place = forms.ChoiceField(
        choices=[("", "All"), ("70157", "Zemun"), ("x", '<script>"Bad" & co</script>')],
        widget=LongSelect,
        required=False,
    )


def test_long_select_renders_like_djangos_select() -> None:
    html = str(PlaceForm({"place": "70157"})["place"])
    opening = html.split(">", 1)[0]
    assert (
        opening.startswith("<select") and 'name="place"' in opening and 'id="id_place"' in opening
    )
    assert '<option value="70157" selected>Zemun</option>' in html
    assert '<option value="" >' not in html and '<option value="">All</option>' in html


def test_long_select_escapes_labels() -> None:
    html = str(PlaceForm()["place"])
    assert "<script>" not in html
    assert "&lt;script&gt;&quot;Bad&quot; &amp; co&lt;/script&gt;" in html
