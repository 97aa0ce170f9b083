"""The ILO/EC indicators as shipped, and the decision rule: one test per clause of the
dimension rule and per requirement of the result, with indicators of the published lists."""

import pytest

from putokaz.trafficking import indicators
from putokaz.trafficking.indicators import assess


def test_the_four_lists_have_the_six_dimensions_and_the_published_counts() -> None:
    data = indicators.load()
    assert set(data.sets) == {"adult_labour", "child_labour", "adult_sexual", "child_sexual"}
    counts = {set_id: [len(d.indicators) for d in s.dimensions] for set_id, s in data.sets.items()}
    # Adults: 10, 10, 16, 9, 15 and 7 indicators (67); children 65, with no weak level.
    assert counts["adult_labour"] == [10, 10, 16, 9, 15, 7]
    assert counts["child_labour"] == [10, 10, 15, 8, 15, 7]
    child = data.sets["child_labour"]
    assert not [i for d in child.dimensions for i in d.indicators if i.level == "weak"]
    for indicator_set in data.sets.values():
        assert [d.id for d in indicator_set.dimensions] == [
            "deceptive_recruitment",
            "coercive_recruitment",
            "recruitment_vulnerability",
            "exploitation",
            "coercion_destination",
            "vulnerability_destination",
        ]


def test_every_indicator_has_its_text_in_every_language() -> None:
    for indicator_set in indicators.load().sets.values():
        for dimension in indicator_set.dimensions:
            assert set(dimension.names) >= {"en", "sr_latn", "de", "sq", "rom"}
            for indicator in dimension.indicators:
                assert set(indicator.texts) >= {"en", "sr_latn", "de", "sq", "rom"}, indicator.id


def _dimension(
    ticked: list[str], dimension: str, set_id: str = "adult_labour"
) -> indicators.DimensionResult:
    result = assess(set_id, ticked, act=True)
    return next(d for d in result.dimensions if d.dimension.id == dimension)


def test_two_strong_indicators_make_a_dimension_positive() -> None:
    # Coercion at destination: confiscation of documents and debt bondage, both strong.
    result = _dimension(["documents_confiscated", "debt_bondage"], "coercion_destination")
    assert result.positive and result.clause and result.clause.id == "two_strong"


def test_one_strong_and_one_medium_indicator_make_a_dimension_positive() -> None:
    # Deceived about the nature of the job (strong) and about wages (medium).
    result = _dimension(["d_job", "d_wages"], "deceptive_recruitment")
    assert result.clause and result.clause.id == "strong_medium"


def test_one_strong_and_one_weak_indicator_make_a_dimension_positive() -> None:
    # Excessive working days or hours (strong), no access to education (weak, adults).
    result = _dimension(["e_hours", "e_education"], "exploitation")
    assert result.clause and result.clause.id == "strong_weak"


def test_three_medium_indicators_make_a_dimension_positive() -> None:
    result = _dimension(
        ["v_illegal_status", "v_economic", "v_dependency"], "recruitment_vulnerability"
    )
    assert result.clause and result.clause.id == "three_medium"


def test_two_medium_and_one_weak_indicator_make_a_dimension_positive() -> None:
    # Abuse of vulnerability at destination: dependency on exploiters, economic reasons
    # (medium), personal characteristics (weak).
    result = _dimension(["a_dependency", "v_economic", "a_personal"], "vulnerability_destination")
    assert result.clause and result.clause.id == "two_medium_weak"


@pytest.mark.parametrize(
    ("ticked", "dimension"),
    [
        (["d_job"], "deceptive_recruitment"),  # one strong alone
        (["d_wages", "d_housing"], "deceptive_recruitment"),  # two medium
        (["v_cultural", "v_context"], "recruitment_vulnerability"),  # two weak
        (["e_salary", "e_education"], "exploitation"),  # one medium, one weak
    ],
)
def test_fewer_indicators_leave_the_dimension_negative(ticked: list[str], dimension: str) -> None:
    assert not _dimension(ticked, dimension).positive


def test_an_adult_with_recruitment_exploitation_and_coercion_is_a_possible_victim() -> None:
    result = assess(
        "adult_labour",
        ["d_job", "d_wages", "e_hours", "e_salary", "documents_confiscated", "debt_bondage"],
        act=True,
    )
    assert result.possible_victim
    assert result.positive_dimensions == [
        "deceptive_recruitment",
        "exploitation",
        "coercion_destination",
    ]
    met = {r.requirement.id: [d.id for d in r.by] for r in result.requirements}
    assert met == {
        "recruitment": ["deceptive_recruitment"],
        "exploitation": ["exploitation"],
        "means_at_destination": ["coercion_destination"],
    }


def test_an_exploited_adult_without_recruitment_means_is_not_indicated() -> None:
    # Exploitation and coercion at destination, but no recruitment dimension positive.
    result = assess(
        "adult_labour", ["e_hours", "e_salary", "documents_confiscated", "debt_bondage"], act=True
    )
    assert not result.possible_victim
    assert [r.met for r in result.requirements] == [False, True, True]


def test_an_adult_without_coercion_or_vulnerability_at_destination_is_not_indicated() -> None:
    result = assess("adult_labour", ["d_job", "d_wages", "e_hours", "e_salary"], act=True)
    assert not result.possible_victim
    assert [r.met for r in result.requirements] == [True, True, False]


def test_an_adult_deceived_but_not_exploited_is_not_indicated() -> None:
    result = assess(
        "adult_labour", ["d_job", "d_wages", "documents_confiscated", "debt_bondage"], act=True
    )
    assert not result.possible_victim


def test_abuse_of_vulnerability_at_destination_counts_as_the_means() -> None:
    result = assess(
        "adult_labour",
        [
            "violence_victim",
            "threat_violence",
            "e_hours",
            "e_salary",
            "a_dependency",
            "v_economic",
            "v_family",
        ],
        act=True,
    )
    assert result.possible_victim
    assert "vulnerability_destination" in result.positive_dimensions


def test_for_a_child_the_means_are_not_required() -> None:
    # Excessive hours (strong) and hazardous work (medium), recruited: no deception,
    # coercion or abuse of vulnerability recorded.
    result = assess("child_labour", ["e_hours", "e_hazardous"], act=True)
    assert result.positive_dimensions == ["exploitation"]
    assert result.possible_victim


def test_a_child_needs_the_act() -> None:
    result = assess("child_labour", ["e_hours", "e_hazardous"], act=False)
    assert not result.possible_victim


def test_a_child_without_exploitation_is_not_indicated() -> None:
    result = assess("child_labour", ["d_job", "d_education"], act=True)
    assert not result.possible_victim


def test_the_same_indicator_weighs_more_for_a_child() -> None:
    # No access to education: weak for an adult, medium for a child (with excessive hours,
    # strong, both positive anyway); deception about education: weak vs strong.
    assert not _dimension(["d_education", "d_wages"], "deceptive_recruitment").positive
    assert _dimension(["d_education", "d_wages"], "deceptive_recruitment", "child_labour").positive


def test_sexual_exploitation_has_no_strong_indicator_of_exploitative_conditions() -> None:
    # The levels as shipped (e_hours medium, c_tasks strong), NOT checked against the
    # brochure: the sexual lists are unverified (see the header of ilo_indicators.toml).
    assert not _dimension(["e_hours", "e_education"], "exploitation", "adult_sexual").positive
    assert _dimension(["c_tasks", "isolation"], "coercion_destination", "adult_sexual").positive


def test_an_indicator_of_another_list_is_refused() -> None:
    with pytest.raises(ValueError):
        assess("child_labour", ["e_social"], act=True)  # not in the children's list
