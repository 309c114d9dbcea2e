"""`make reliability` reports every test marked `reliability`, from the JUnit XML of the run."""

from scripts import reliability


def case(name, section=None, label=None, outcome=""):
    properties = (
        ""
        if section is None
        else (
            f'<properties><property name="reliability_section" value="{section}"/>'
            f'<property name="reliability_label" value="{label}"/></properties>'
        )
    )
    return f'<testcase classname="tests.unit.test_x" name="{name}">{properties}{outcome}</testcase>'


def test_the_report_has_a_line_per_marked_test_and_fails_on_anything_missing_or_failed(tmp_path, capsys):
    junit = tmp_path / "junit.xml"
    junit.write_text(
        "<testsuites><testsuite>"
        + "".join(
            [
                case("test_fault", "faults", "A fault is survived"),
                case("test_probe[1]", "security", "A probe is refused", '<failure message="x"/>'),
                case("test_probe[2]", "security", "A probe is refused"),
                case("test_typo", "fautls", "A mark with a typo"),
                case("test_unmarked"),
                '<testcase classname="" name="tests.e2e.test_broken"><error message="collection failure">x</error></testcase>',
            ]
        )
        + "</testsuite></testsuites>"
    )
    assert reliability.report(junit) is False
    out = capsys.readouterr().out
    assert "Faults\n  PASS     A fault is survived\n" in out
    assert "Security and privacy\n  FAIL     A probe is refused (1/2)\n" in out
    assert "Bad input (cases passed / cases)\n  NOT RUN  no test marked for this section\n" in out
    assert "Unknown section 'fautls' (a typo in a reliability mark?)\n  PASS     A mark with a typo" in out
    assert "ERROR    could not collect tests.e2e.test_broken" in out
    assert "test_unmarked" not in out
