"""The text a recording says: figures, years, paragraph numbers, abbreviations and tables written out as an officer reads them.

Examples are the example pack's own (the finance monitoring report, the strategic and financial planning report).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formats.document import (
    Cell,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Table,
    read_document,
)
from generator.formats.speech import Speaker, count_words, spoken_chapters

GLOSSARY = (("IMT", "Information Management and Technology"), ("LMS", "Local Management of Schools"))


def say(text: str, unit: str | None = None) -> str:
    return Speaker(GLOSSARY).say(text, unit)


def test_millions_of_pounds_are_said_as_a_decimal_of_millions():
    assert say("The 2017-18 net revenue budget for this committee is £15.982m") == (
        "The twenty seventeen to eighteen net revenue budget for this committee is fifteen point nine eight two million pounds"
    )
    # Trailing zeros only show the figure is to the nearest thousand; nothing is a round "nought pounds".
    assert say("was £1.280m, and the forecast balance is £0.000m.") == (
        "was one point two eight million pounds, and the forecast balance is nought pounds."
    )


def test_pounds_without_a_scale_are_pounds_and_pence():
    assert say("£5,000 and £1.50 and £1") == "five thousand pounds and one pound and fifty pence and one pound"


def test_a_figure_under_a_pounds_million_column_heading_is_millions_of_pounds():
    assert say("1.683", "million") == "one point six eight three million pounds"


def test_a_bracketed_figure_in_a_money_column_is_minus():
    assert say("(0.500)", "million") == "minus nought point five million pounds"
    assert say("(0.000)", "million") == "nought pounds"
    assert say("-", "million") == "nil"


def test_brackets_in_running_text_are_not_minus():
    assert say("reserves (£0.5m) held") == "reserves (nought point five million pounds) held"


def test_a_financial_year_is_said_as_a_year_to_a_year():
    assert say("2018-19") == "twenty eighteen to nineteen"
    assert say("2017-18 Budget") == "twenty seventeen to eighteen Budget"
    assert say("FY 16/17") == "FY twenty sixteen to seventeen"
    assert say("2099-00") == "twenty ninety-nine to twenty-one hundred"


def test_a_range_of_financial_years_is_said_through_to():
    assert say("Strategic and Financial Planning 2018-19 to 2021-22") == (
        "Strategic and Financial Planning twenty eighteen to nineteen through to twenty twenty-one to twenty-two"
    )


def test_a_paragraph_number_is_said_as_a_paragraph_number_only_where_it_is_one():
    document = Document("T", "en-GB", "", (Paragraph("The Council holds both provisions and reserves.", "5.1"),))
    (chapter,) = spoken_chapters(document)
    assert chapter.text == "Paragraph five point one. The Council holds both provisions and reserves."
    # Its parts are counts: 4.10 comes after 4.9.
    document = Document("T", "en-GB", "", (Paragraph("The table below.", "4.10"),))
    assert spoken_chapters(document)[0].text.startswith("Paragraph four point ten.")
    # In running text, 5.1 is a figure.
    assert say("incidents rose to 5.1 a month") == "incidents rose to five point one a month"


def test_a_numbered_heading_is_said_as_a_section():
    document = Document("T", "en-GB", "", (Heading(2, "2. Evidence", "2"), Paragraph("Text.")))
    assert spoken_chapters(document)[0].text == "Section two: Evidence.\nText."


def test_percentages_are_said_per_cent():
    assert say("a rise of 2.6%") == "a rise of two point six per cent"
    assert say("12.0%", "%") == "twelve per cent"
    assert say("81.0", "%") == "eighty-one per cent"


def test_dates_are_said_in_the_order_written():
    assert say("Thursday 12 October 2017") == "Thursday the twelfth of October twenty seventeen"
    assert say("as at 1st April 2017") == "as at the first of April twenty seventeen"
    assert say("August 2017") == "August twenty seventeen"
    assert say("Sep 16") == "September twenty sixteen"


def test_telephone_numbers_are_said_digit_by_digit_in_their_groups():
    assert say("contact 0344 800 8020 or 18001 0344 800 8020 (textphone)") == (
        "contact oh three four four, eight oh oh, eight oh two oh or "
        "one eight oh oh one, oh three four four, eight oh oh, eight oh two oh (textphone)"
    )


def test_times_codes_ordinals_and_counts():
    assert say("at 10am and 2.30pm") == "at ten a m and two thirty p m"
    assert say("RES079") == "RES oh seven nine"
    assert say("relevance and/or significance, his/her") == "relevance and or significance, his or her"
    assert say("5,813 people, 10-15 items") == "five thousand, eight hundred and thirteen people, ten to fifteen items"


def test_a_glossary_abbreviation_is_said_in_full_at_its_first_use_in_a_chapter_then_by_its_letters():
    speaker = Speaker(GLOSSARY)
    assert speaker.say("The IMT budget.") == "The Information Management and Technology (I M T) budget."
    assert speaker.say("IMT again.") == "I M T again."
    # Where the text spells it out itself, it is not said twice.
    assert Speaker(GLOSSARY).say("Local Management of Schools (LMS) reserves") == (
        "Local Management of Schools (L M S) reserves"
    )


def test_each_chapter_says_an_abbreviation_in_full_again():
    document = Document(
        "T", "en-GB", "", (Heading(2, "One"), Paragraph("IMT."), Heading(2, "Two"), Paragraph("IMT."))
    )
    assert [chapter.text.split("\n")[1] for chapter in spoken_chapters(document, GLOSSARY)] == [
        "Information Management and Technology (I M T).",
        "Information Management and Technology (I M T).",
    ]


def test_list_markers_are_read():
    items = (ListItem("a)", (Paragraph("The forecast out-turn position"),)), ListItem("•", (Paragraph("Broadband"),)))
    document = Document("T", "en-GB", "", (ListBlock(True, items),))
    assert spoken_chapters(document)[0].text == "a. The forecast out-turn position.\nBroadband."


FINANCE_TABLE = """<html><body><h2>Evidence</h2><table><caption>Table 1: Net revenue Budget 2017-18</caption>
<thead><tr><td></td><th scope="col" id="c1" class="num">2017-18 Budget £m</th><th scope="col" id="c2" class="num">Forecast Variance £m</th></tr></thead>
<tbody><tr><th scope="rowgroup" colspan="3" id="g1">IMT</th></tr>
<tr><th scope="row" id="r1" headers="g1">Infrastructure</th><td class="num" headers="c1 g1 r1">1.683</td><td class="num" headers="c2 g1 r1">0.000</td></tr>
<tr><th scope="row" id="r2" headers="g1">Grants</th><td class="num" headers="c1 g1 r2">(0.500)</td><td class="num" headers="c2 g1 r2">-</td></tr>
</tbody></table></body></html>"""


def test_a_table_is_read_row_by_row_each_figure_after_its_column_heading_with_the_columns_unit():
    (chapter,) = spoken_chapters(read_document(FINANCE_TABLE), GLOSSARY)
    assert chapter.text.split("\n") == [
        "Evidence.",
        "Table one: Net revenue Budget twenty seventeen to eighteen, two rows.",
        "Information Management and Technology (I M T).",
        ("Infrastructure: twenty seventeen to eighteen Budget, one point six eight three million pounds; "
        "Forecast Variance, nought pounds."),
        "Grants: twenty seventeen to eighteen Budget, minus nought point five million pounds; Forecast Variance, nil.",
        "End of table.",
    ]


def test_a_table_without_headings_is_read_cell_by_cell():
    table = Table("", (), ((Cell("a", False), Cell("2", False)), (Cell("", False),)))
    (chapter,) = spoken_chapters(Document("T", "en-GB", "", (table,)))
    assert chapter.text.split("\n") == ["Table, two rows.", "a; two.", "End of table."]


def test_every_block_ends_as_a_sentence_so_that_the_voice_pauses():
    items = (ListItem("2.", (Paragraph("Agree the issues as set out in section 3,"),)),)
    document = Document("T", "en-GB", "", (ListBlock(True, items), Paragraph("Members are recommended to note:")))
    assert spoken_chapters(document)[0].text.split("\n") == [
        "two. Agree the issues as set out in section three.",
        "Members are recommended to note:",
    ]


def test_chapters_are_the_sections_titled_as_printed():
    document = Document(
        "T", "en-GB", "", (Paragraph("Before."), Heading(1, "Finance"), Heading(2, "1. Proposal", "1"), Paragraph("x"))
    )
    assert [chapter.title for chapter in spoken_chapters(document)] == ["T", "Finance", "1. Proposal"]


NUMBER_WORDS = {
    "nought": 0, "oh": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip


def number_from_words(words: str) -> float:
    """The value of words such as "minus one thousand, six hundred and eighty-three point nought five"."""
    words = words.replace(",", " ").replace("-", " ")
    negative = words.startswith("minus ")
    whole_words, _, fraction_words = words.removeprefix("minus ").partition(" point ")
    total = current = 0
    for word in whole_words.split():
        if word == "and":
            continue
        if word == "hundred":
            current *= 100
        elif word in ("thousand", "million", "billion", "trillion"):
            scale = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}[word]
            total += current * scale
            current = 0
        else:
            current += NUMBER_WORDS[word]
    value = float(f"{total + current}.{''.join(str(NUMBER_WORDS[word]) for word in fraction_words.split()) or '0'}")
    return -value if negative else value


figures = st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(figures)
def test_every_figure_said_in_words_has_its_value(figure):
    text = f"{figure:f}"
    assert number_from_words(say(text)) == float(text)


@settings(max_examples=200, deadline=None)
@given(figures)
def test_every_sum_of_money_said_keeps_its_value(figure):
    amount = abs(figure)
    said = say(f"£{amount:f}m")
    assert said.endswith("pounds")
    assert number_from_words(said.removesuffix(" million pounds").removesuffix(" pounds")) == float(f"{amount:f}")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_said_without_a_crash_and_without_a_digit_left_unsaid(text):
    said = say(text)
    assert not re.search(r"[0-9]", said)
    if re.search(r"[1-9]", text):
        assert set(re.findall(r"[a-z]+", said)) & (set(NUMBER_WORDS) | {"hundred", "thousand"})


@settings(max_examples=100, deadline=None)
@given(st.text(), st.text(), st.sampled_from(["million", "thousand", "", "%", None]))
def test_any_table_cell_and_heading_is_said_without_a_crash(cell, heading, unit):
    labels = (heading + (" £m" if unit == "million" else ""),)
    table = Table(heading, ((Cell(labels[0], True),),), ((Cell(heading, True), Cell(cell, False, labels, True)),))
    for chapter in spoken_chapters(Document(heading, "en-GB", "", (Heading(2, heading), table))):
        assert not re.search(r"[0-9]", chapter.text)
        assert count_words(chapter.text) >= 0
