"""The classification tables: complete, with lighting where the centre looks for it, and a class
outside a table refused."""

import pytest

from ipcenter.ip import classes


def test_the_tables_are_complete():
    assert list(classes.IPC_SECTIONS) == list("ABCDEFGH")
    assert sorted(classes.LOCARNO_CLASSES) == list(range(1, 33))
    assert sorted(classes.NICE_CLASSES) == list(range(1, 46))
    assert all(title.strip() for table in (classes.IPC_SECTIONS, classes.LOCARNO_CLASSES,
                                           classes.NICE_CLASSES, classes.LOCARNO_SUBCLASSES)
               for title in table.values())
    assert len(classes.LOCARNO_SUBCLASSES) == 7  # 26-01 … 26-06 and 26-99


def test_lighting_is_locarno_26_nice_11_and_ipc_section_f():
    assert classes.locarno_title(26) == "照明设备"
    assert classes.locarno_title("26-05").startswith("灯")
    assert "照明" in classes.nice_title(11)
    assert classes.ipc_section("F21V") == "机械工程；照明；加热；武器；爆破"
    assert classes.ipc_section("H05B 45/00") == "电学"


@pytest.mark.parametrize("value, expected", [(11, 11), ("11", 11), (" 45 ", 45), ("第11类", 11),
                                             ("1", 1)])
def test_nice_classes(value, expected):
    assert classes.nice_class(value) == expected and classes.is_nice_class(value)


@pytest.mark.parametrize("value", [0, 46, "46", "-1", "", None, "十一", "１１", "11.0", 99])
def test_a_nice_class_outside_the_table_is_refused(value):
    with pytest.raises(ValueError):
        classes.nice_class(value)
    assert not classes.is_nice_class(value)


@pytest.mark.parametrize("value, expected", [("26", "26"), (26, "26"), ("9", "09"),
                                             ("26-05", "26-05"), ("26-99", "26-99"),
                                             ("32", "32"), ("06-01", "06-01")])
def test_locarno_classes_and_subclasses(value, expected):
    assert classes.locarno_class(value) == expected


@pytest.mark.parametrize("value", ["0", "33", "26-07", "26-5", "F21V", "", None, "26.05"])
def test_a_locarno_class_outside_the_table_is_refused(value):
    with pytest.raises(ValueError):
        classes.locarno_class(value)


@pytest.mark.parametrize("value, expected", [("F21V", "F21V"), ("f21v", "F21V"),
                                             ("F21V 23/00", "F21V 23/00"),
                                             ("F21V23/003", "F21V 23/003"),
                                             ("F21S  8/04", "F21S 8/04")])
def test_ipc_symbols(value, expected):
    assert classes.ipc_symbol(value) == expected


@pytest.mark.parametrize("value", ["I21V", "Z01B", "F2V", "F21", "F21V 23", "26-05", "", None])
def test_an_ipc_symbol_outside_sections_a_to_h_or_malformed_is_refused(value):
    with pytest.raises(ValueError):
        classes.ipc_symbol(value)


def test_each_kind_of_right_its_own_table():
    assert classes.for_kind("utility_model", "f21v") == "F21V"
    assert classes.for_kind("invention", "H05B 45/00") == "H05B 45/00"
    assert classes.for_kind("design", "26-05") == "26-05"
    assert classes.for_kind("trademark", 11) == "11"
    with pytest.raises(ValueError):
        classes.for_kind("design", "F21V")
    with pytest.raises(ValueError):
        classes.for_kind("trademark", 46)
