"""The classification tables a right is filed under, as plain data with lookups.

- IPC (国际专利分类, inventions and utility models): the eight sections A–H with their Chinese
  titles; a symbol (``F21V``, ``F21V 23/00``) is checked for its form and its section.
- Locarno (国际外观设计分类, designs): the 32 classes (Locarno Agreement, 15th edition); lighting
  is class 26, whose seven subclasses are listed (DOMAIN.md §3).
- Nice (商标注册用商品和服务国际分类, trademarks): the 45 classes, 1–34 goods and 35–45
  services; lighting is class 11. The titles here are short Chinese descriptions of each
  class's heading, not the full official headings.

A number outside a table is refused with ``ValueError`` (callers word it for the user).
"""

from __future__ import annotations

import re

# IPC sections (国际专利分类表 部).
IPC_SECTIONS = {
    "A": "人类生活必需",
    "B": "作业；运输",
    "C": "化学；冶金",
    "D": "纺织；造纸",
    "E": "固定建筑物",
    "F": "机械工程；照明；加热；武器；爆破",
    "G": "物理",
    "H": "电学",
}

# Locarno classes (国际外观设计分类表 大类).
LOCARNO_CLASSES = {
    1: "食品",
    2: "服装和服饰用品",
    3: "其他类未列入的旅行用品、箱包、阳伞和个人用品",
    4: "刷子",
    5: "纺织品、人造或天然材料片材",
    6: "家具和家居用品",
    7: "其他类未列入的家用物品",
    8: "工具和五金器具",
    9: "用于商品运输或装卸的包装和容器",
    10: "钟、表和其他计量仪器，检测仪器，信号仪器",
    11: "装饰品",
    12: "运输或提升工具",
    13: "发电、配电或变电设备",
    14: "录音、通讯或信息再现设备",
    15: "其他类未列入的机械",
    16: "照相设备、电影摄影设备和光学仪器",
    17: "乐器",
    18: "印刷和办公机械",
    19: "文具用品、办公设备、美术用品及教学材料",
    20: "销售和广告设备、标志",
    21: "游戏器具、玩具、帐篷和体育用品",
    22: "武器、烟火用具，用于狩猎、捕鱼及捕杀有害动物的器具",
    23: "液体分配设备，卫生、供暖、通风和空调设备，固体燃料",
    24: "医疗和实验室设备",
    25: "建筑构件和施工元件",
    26: "照明设备",
    27: "烟草和吸烟用具",
    28: "药品、化妆品、梳妆用品和器具",
    29: "防火灾、防事故救援装置和设备",
    30: "动物的管理与驯养设备",
    31: "其他类未列入的食品或饮料制作机械和设备",
    32: "图形符号、标识、表面图案、纹饰",
}

# The subclasses of class 26 (lighting), the centre's design pre-examination field.
LOCARNO_SUBCLASSES = {
    "26-01": "烛台",
    "26-02": "手电筒、手提灯和灯笼",
    "26-03": "公共场所照明装置",
    "26-04": "光源（电的或非电的）",
    "26-05": "灯、落地灯、枝形吊灯、墙壁和天花板装置、灯罩、反光罩",
    "26-06": "交通工具照明装置",
    "26-99": "其他杂项",
}

# Nice classes (商标注册用商品和服务国际分类 类别).
NICE_CLASSES = {
    1: "工业用化学品",
    2: "颜料、油漆、染料",
    3: "化妆品、清洁制剂",
    4: "工业用油脂、燃料、照明用蜡烛",
    5: "药品、医用制剂",
    6: "普通金属及其制品",
    7: "机器、机床、马达",
    8: "手工具和器具、刀叉餐具",
    9: "科学仪器、电子设备、计算机软件",
    10: "医疗器械",
    11: "照明、加热、冷却、烹饪、通风、供水和卫生用装置",
    12: "车辆、运载工具",
    13: "火器、弹药、烟火",
    14: "贵重金属、珠宝、钟表",
    15: "乐器",
    16: "纸、印刷品、文具、办公用品",
    17: "橡胶、塑料半成品、绝缘材料",
    18: "皮革、箱包、伞",
    19: "非金属建筑材料",
    20: "家具、镜子、相框",
    21: "家用器具、厨房用具、玻璃器皿、瓷器",
    22: "绳索、网、帐篷、袋",
    23: "纺织用纱、线",
    24: "纺织品、床单、桌布",
    25: "服装、鞋、帽",
    26: "花边、纽扣、拉链、针、假花",
    27: "地毯、地垫、墙纸",
    28: "游戏器具、玩具、体育用品",
    29: "肉、鱼、蛋、奶、食用油脂、加工过的果蔬",
    30: "咖啡、茶、米、面、糕点、调味品",
    31: "农林产品、活动物、种子、饲料",
    32: "啤酒、无酒精饮料",
    33: "含酒精的饮料（啤酒除外）",
    34: "烟草、烟具",
    35: "广告、商业经营、办公事务",
    36: "金融、保险、不动产",
    37: "建筑、安装、修理",
    38: "电信",
    39: "运输、包装、贮藏、旅行安排",
    40: "材料处理",
    41: "教育、培训、娱乐、文体活动",
    42: "科学技术服务和设计、计算机软件",
    43: "餐饮、临时住宿",
    44: "医疗、美容、农业和园艺服务",
    45: "法律服务、安全服务、社会服务",
}
NICE_GOODS = range(1, 35)      # 1–34 goods, 35–45 services

# An IPC symbol: section, class (2 digits), subclass letter, then optionally a group (main/sub).
_IPC = re.compile(r"^([A-H])(\d{2})([A-Z])(?:\s*(\d{1,4})/(\d{2,6}))?$")
_LOCARNO = re.compile(r"^(\d{1,2})(?:-(\d{2}))?$")


def _class_number(value, table: dict[int, str], name: str) -> int:
    text = str(value).strip() if value is not None else ""
    text = text.removeprefix("第").removesuffix("类")
    if not text.isascii() or not text.isdigit() or int(text) not in table:
        raise ValueError(f"not a {name} class: {value!r} (1–{max(table)})")
    return int(text)


def nice_class(value) -> int:
    """The Nice class number of ``11``, ``"11"``, ``"第11类"``; ``ValueError`` outside 1–45."""
    return _class_number(value, NICE_CLASSES, "Nice")


def nice_title(value) -> str:
    return NICE_CLASSES[nice_class(value)]


def is_nice_class(value) -> bool:
    try:
        nice_class(value)
        return True
    except ValueError:
        return False


def locarno_class(value) -> str:
    """A Locarno class (``"26"``) or subclass (``"26-05"``) as written, normalised to two
    digits (``"9"`` → ``"09"``); ``ValueError`` for a class outside 1–32, or a subclass of class
    26 that is not listed."""
    match = _LOCARNO.match(str(value if value is not None else "").strip())
    if not match or int(match.group(1)) not in LOCARNO_CLASSES:
        raise ValueError(f"not a Locarno class: {value!r} (1–{max(LOCARNO_CLASSES)})")
    number, sub = int(match.group(1)), match.group(2)
    if sub is None:
        return f"{number:02d}"
    code = f"{number:02d}-{sub}"
    if number == 26 and code not in LOCARNO_SUBCLASSES:
        raise ValueError(f"not a subclass of Locarno class 26: {value!r}")
    return code


def locarno_title(value) -> str:
    code = locarno_class(value)
    return LOCARNO_SUBCLASSES.get(code) or LOCARNO_CLASSES[int(code[:2])]


def ipc_symbol(value) -> str:
    """An IPC subclass or group (``F21V``, ``F21V 23/00``) in its written form; ``ValueError``
    for another form or a section outside A–H."""
    text = re.sub(r"\s+", " ", str(value if value is not None else "").strip().upper())
    match = _IPC.match(text)
    if not match:
        raise ValueError(f"not an IPC symbol: {value!r} (e.g. F21V or F21V 23/00)")
    section, klass, subclass, main, sub = match.groups()
    head = f"{section}{klass}{subclass}"
    return f"{head} {int(main)}/{sub}" if main else head


def ipc_section(value) -> str:
    """The Chinese title of the section of an IPC symbol."""
    return IPC_SECTIONS[ipc_symbol(value)[0]]


# Kind of right → the classification it is filed under, as a class is stored.
CLASSIFICATION = {
    "invention": ipc_symbol,
    "utility_model": ipc_symbol,
    "design": locarno_class,
    "trademark": lambda value: str(nice_class(value)),
}


def for_kind(kind: str, value) -> str:
    """A class of the table a right of ``kind`` is filed under, normalised as stored:
    an IPC symbol for inventions and utility models, a Locarno class for designs, a Nice
    class for trademarks."""
    if kind not in CLASSIFICATION:
        raise ValueError(f"no classification for {kind!r}")
    return CLASSIFICATION[kind](value)
