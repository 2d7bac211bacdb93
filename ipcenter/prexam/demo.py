"""Rapid pre-examination's demo data (``ipcenter.demo.seed_domains`` calls ``seed``): 华辉's
registration (备案) approved and 明耀's awaiting the examiner, and 华辉's requests for lighting
products in every state the pages show (``PREXAM_REQUESTS``), walked through the real
services by the demo firm user and the examiner 周静, so that the examiner's queue, the firm's
pages and the rights register are not empty.

Each step is dated on a working day before ``now`` (``path``: the step and how many working
days ago, on the admin's calendar, a year not yet published on the provisional one as the
clocks do), so the clocks show a mix: overdue, due soon and later. The uploaded documents are
real files, built here in a few milliseconds: small PDFs (text in STSong-Light, one of the
standard CJK fonts PDF readers provide, so none is embedded; the drawings as vector lines)
and, for one design, its views as a PNG line drawing (Pillow). WeasyPrint would cost a tenth
of a second per file and embed ~190 KB of font in each; their text extraction as much again.

Idempotent: a registration or a request is found again by its form token. Needs the demo
organisations and users (``ipcenter.demo``); flushes, never commits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from ipcenter import demo as common
from ipcenter.auth.models import Organisation, User
from ipcenter.core import clock
from ipcenter.core.db import db
from ipcenter.core.workdays import UnknownCalendarYear, load_calendar
from ipcenter.ip import numbers
from ipcenter.prexam import services
from ipcenter.prexam.models import PrexamFiling, PrexamRequest
from ipcenter.prexam.rules import checklist
from ipcenter.prexam.rules import documents as documents_rule
from ipcenter.prexam.workflow import FILING_STANDS, FS, S

UM, DESIGN = "utility_model", "design"


@dataclass(frozen=True)
class DemoFiling:
    """A firm's registration: applied ``days`` working days ago, approved the next day when
    ``approved``, else left awaiting the examiner."""

    token: str
    firm: str           # DemoUser.username
    phone: str
    email: str
    rd_staff: int
    fields: str
    days: int
    approved: bool


@dataclass(frozen=True)
class DemoRequest:
    """A demo request of 华辉 and the steps it went through: ``path`` pairs a step of
    ``STEPS`` with the working days before today it was taken (0: today), in order; ``state``
    is where the path leaves it."""

    token: str
    kind: str
    title: str
    classification: str
    state: S
    path: tuple[tuple[str, int], ...]
    abstract: str
    claims: tuple[str, ...] = ()        # a utility model's claims; a design's: none
    parts: tuple[str, ...] = ()         # the numbered parts of the drawing (1, 2, 3 …)
    shape: str = "ceiling"              # the drawing (``_SHAPES``)
    use: str = ""                       # a design's use and design point (简要说明)
    design_point: str = ""
    points: tuple[tuple[str, str], ...] = ()   # the opinion's points (basis, text)
    unticked: tuple[str, ...] = ()      # checklist items the opinion leaves unticked
    reply: str = ""                     # the firm's observations (意见陈述)
    reason: str = ""                    # why returned or failed
    serial: str = ""                    # the CNIPA application number's 7-digit serial
    png_views: bool = False             # the design views uploaded as a PNG


STEPS = ("submit", "take_up", "confirm", "opinion", "amend", "pass", "file", "grant",
         "return", "fail")

FILINGS = [
    DemoFiling("demo-prexam-filing-huahui", "firm1", "0760-22556688",
               "liang.zhihua@huahui-lighting.example", 36,
               "LED室内照明灯具、智能调光吸顶灯、商业照明轨道灯", 45, True),
    DemoFiling("demo-prexam-filing-mingyao", "firm2", "0760-22381726",
               "he.lizhen@mingyao-lighting.example", 18,
               "LED路灯、户外防水灯具、工矿照明", 3, False),
]

_OPINION_UM = (
    ("ir_21", "说明书附图图1中的附图标记“6”在说明书中没有出现，说明书中的“密封圈5”在附图中也未标出；"
              "请核对附图标记，使说明书文字与附图一致。"),
    ("pl_26_4", "权利要求1中“密封结构使灯体达到防水效果”仅以所要达到的效果限定，未写明密封圈与灯壳、"
                "透光罩之间的连接关系，保护范围不清楚；请以结构特征限定。"),
)

PREXAM_REQUESTS = [
    DemoRequest(
        "demo-prexam-1", UM, "一种散热型LED工矿灯", "F21V 29/76", S.GRANTED,
        (("submit", 40), ("take_up", 40), ("confirm", 39), ("opinion", 38), ("amend", 36),
         ("pass", 35), ("file", 34), ("grant", 6)),
        "本实用新型公开了一种散热型LED工矿灯，包括灯壳、铝制散热器、LED光源板、透光罩和驱动电源；"
        "散热器由若干平行的散热翅片构成，光源板贴合于散热器底面，热量经翅片向上散出，"
        "延长了光源在高温车间中的使用寿命。",
        ("一种散热型LED工矿灯，包括灯壳（1）、散热器（2）、LED光源板（3）、透光罩（4）和驱动电源（5），"
         "其特征在于：所述散热器（2）由若干相互平行的散热翅片构成，所述LED光源板（3）贴合于所述"
         "散热器（2）的底面。",
         "根据权利要求1所述的散热型LED工矿灯，其特征在于：所述散热翅片之间形成竖直的对流通道。",
         "根据权利要求1所述的散热型LED工矿灯，其特征在于：所述驱动电源（5）安装于所述灯壳（1）"
         "顶部的独立腔体内。"),
        ("灯壳", "散热器", "LED光源板", "透光罩", "驱动电源"), shape="highbay",
        points=(("ir_26", "说明书摘要超过300字，且含有“散热效果卓越”等宣传用语；请精简摘要并删除宣传用语。"),
                ("ir_22", "权利要求3引用了在其后的权利要求4，不符合从属权利要求只能引用在前权利要求的规定；"
                          "请调整权利要求的编号和引用关系。")),
        unticked=("abstract", "abstract_length", "claims_form"),
        reply="已按预审意见精简说明书摘要并删除宣传用语，调整了权利要求的编号和引用关系，"
              "修改未超出原说明书和权利要求书记载的范围。",
        serial="0518473"),
    DemoRequest(
        "demo-prexam-2", DESIGN, "壁灯（月牙形）", "26-05", S.FAILED,
        (("submit", 30), ("take_up", 30), ("confirm", 29), ("fail", 27)),
        "壁灯，灯体呈月牙形弧面，正面嵌有条形发光面。",
        shape="wall", use="本外观设计产品用于室内墙面装饰照明。",
        design_point="产品的形状",
        reason="经检索，本外观设计与申请日前已在电商平台公开销售的同类月牙形壁灯相比，仅灯体弧度略有"
               "不同，属于与现有设计不具有明显区别的外观设计，不符合专利法第二十三条第二款的规定，"
               "预审不合格。申请人可通过普通程序向国家知识产权局提交申请。"),
    DemoRequest(
        "demo-prexam-3", DESIGN, "筒灯（嵌入式）", "26-05", S.FILED_AT_CNIPA,
        (("submit", 26), ("take_up", 26), ("confirm", 25), ("pass", 24), ("file", 22)),
        "嵌入式筒灯，圆形面环，内部为深凹防眩反光杯。",
        shape="downlight", use="本外观设计产品用于商业空间吊顶内嵌入安装照明。",
        design_point="产品的形状", serial="0264195"),
    DemoRequest(
        "demo-prexam-4", UM, "一种磁吸式LED轨道灯", "F21V 21/34", S.PASSED,
        (("submit", 20), ("take_up", 20), ("confirm", 19), ("pass", 18)),
        "本实用新型公开了一种磁吸式LED轨道灯，包括导轨、磁吸底座、灯杆、灯头和导电触片；磁吸底座"
        "通过磁力吸附于导轨槽内，导电触片与导轨内的导电条接触供电，灯具可沿导轨任意滑动定位，"
        "安装和调整无需工具。",
        ("一种磁吸式LED轨道灯，包括导轨（1）、磁吸底座（2）、灯杆（3）和灯头（4），其特征在于：所述"
         "磁吸底座（2）内设有永磁体和导电触片（5），所述磁吸底座（2）通过磁力吸附于所述导轨（1）的"
         "槽内，所述导电触片（5）与所述导轨（1）内的导电条接触。",
         "根据权利要求1所述的磁吸式LED轨道灯，其特征在于：所述灯头（4）与所述灯杆（3）铰接，"
         "可在竖直面内转动0°至90°。"),
        ("导轨", "磁吸底座", "灯杆", "灯头", "导电触片"), shape="track"),
    DemoRequest(
        "demo-prexam-5", DESIGN, "吸顶灯（方形）", "26-05", S.AMENDED,
        (("submit", 11), ("take_up", 11), ("confirm", 10), ("opinion", 8), ("amend", 3)),
        "方形吸顶灯，超薄灯体，四角为圆角，发光面四周有一圈细边框。",
        shape="ceiling", use="本外观设计产品用于室内顶棚照明。",
        design_point="产品的形状与图案的结合",
        points=(("pl_27_2", "立体图所示灯体边框为直角，与主视图所示的圆角不一致，未能清楚地显示要求保护的"
                            "产品的外观设计；请核对并提交一致的视图。"),
                ("ir_31", "简要说明中写有“高亮节能、使用寿命长”等性能描述，不属于简要说明应当写明的内容；"
                          "请删除。")),
        unticked=("views", "brief_description"),
        reply="已重新绘制立体图，使其与主视图一致（四角均为圆角），并删除简要说明中的性能描述。"),
    DemoRequest(
        "demo-prexam-6", UM, "一种防水LED路灯", "F21V 31/00", S.OPINION_ISSUED,
        (("submit", 9), ("take_up", 9), ("confirm", 8), ("opinion", 6)),
        "本实用新型公开了一种防水LED路灯，包括灯壳、透光罩、LED模组、密封圈和安装臂；透光罩与灯壳"
        "之间设有密封圈，灯壳的出线孔处设有防水接头，防护等级达到IP66，适用于道路和广场照明。",
        ("一种防水LED路灯，包括灯壳（1）、透光罩（2）、LED模组（3）和安装臂（4），其特征在于：还包括"
         "密封结构，所述密封结构使灯体达到防水效果。",
         "根据权利要求1所述的防水LED路灯，其特征在于：所述灯壳（1）的出线孔处设有防水接头。"),
        ("灯壳", "透光罩", "LED模组", "安装臂", "密封圈"), shape="street",
        points=_OPINION_UM, unticked=("drawings", "claims_clear_supported")),
    DemoRequest(
        "demo-prexam-7", UM, "一种带LED补光的化妆镜", "F21V 33/00", S.RETURNED,
        (("submit", 7), ("take_up", 7), ("return", 6)),
        "本实用新型公开了一种带LED补光的化妆镜，包括镜框、镜片、环形LED灯带和触摸开关，"
        "灯带沿镜片周边设置，为化妆提供均匀补光。",
        ("一种带LED补光的化妆镜，包括镜框（1）和镜片（2），其特征在于：所述镜片（2）周边设有环形"
         "LED灯带（3），所述镜框（1）上设有控制所述LED灯带（3）的触摸开关（4）。",),
        ("镜框", "镜片", "LED灯带", "触摸开关"), shape="mirror",
        reason="经分类审查，本申请要求保护的是带照明的化妆镜，其发明点在于镜子本身，主分类号应为"
               "A47G 1/02（带照明的镜子），不属于本中心备案的预审技术领域（F21、H05B等灯具领域），"
               "予以退回。申请人可通过普通程序向国家知识产权局提交申请。"),
    DemoRequest(
        "demo-prexam-8", UM, "一种可调光LED吸顶灯", "F21S 8/04", S.UNDER_EXAMINATION,
        (("submit", 6), ("take_up", 6), ("confirm", 5)),
        "本实用新型公开了一种可调光LED吸顶灯，包括底盘、LED光源板、导光板、面罩和调光驱动电源；"
        "调光驱动电源接收遥控信号，调节光源板中暖白和冷白两路LED的电流比，实现亮度和色温的无极调节。",
        ("一种可调光LED吸顶灯，包括底盘（1）、LED光源板（2）、导光板（3）和面罩（4），其特征在于："
         "还包括调光驱动电源（5），所述LED光源板（2）设有暖白和冷白两路LED，所述调光驱动电源（5）"
         "分别调节两路LED的电流。",
         "根据权利要求1所述的可调光LED吸顶灯，其特征在于：所述面罩（4）通过卡扣与所述底盘（1）连接。"),
        ("底盘", "LED光源板", "导光板", "面罩", "调光驱动电源"), shape="ceiling"),
    DemoRequest(
        "demo-prexam-9", DESIGN, "路灯（智慧）", "26-03", S.CLASSIFICATION_CHECK,
        (("submit", 1), ("take_up", 0)),
        "智慧路灯，灯杆集成摄像头与显示屏，灯头为扁平流线型。",
        shape="street", use="本外观设计产品用于城市道路照明及信息发布。",
        design_point="产品的形状"),
    DemoRequest(
        "demo-prexam-10", UM, "一种防眩光LED筒灯", "F21S 8/02", S.SUBMITTED,
        (("submit", 2),),
        "本实用新型公开了一种防眩光LED筒灯，包括灯体、深凹反光杯、LED光源、蜂窝防眩网和弹簧卡扣；"
        "光源位于反光杯底部，出光口处设有蜂窝防眩网，遮光角不小于30°，减少直射眩光。",
        ("一种防眩光LED筒灯，包括灯体（1）、反光杯（2）和LED光源（3），其特征在于：所述LED光源（3）"
         "位于所述反光杯（2）的底部，所述反光杯（2）的出光口处设有蜂窝防眩网（4）。",
         "根据权利要求1所述的防眩光LED筒灯，其特征在于：所述灯体（1）两侧设有弹簧卡扣（5）。"),
        ("灯体", "反光杯", "LED光源", "蜂窝防眩网", "弹簧卡扣"), shape="downlight"),
    DemoRequest(
        "demo-prexam-11", DESIGN, "吊灯（水晶）", "26-05", S.SUBMITTED,
        (("submit", 0),),
        "水晶吊灯，三层环形灯架，环周悬挂水晶珠串。",
        shape="pendant", use="本外观设计产品用于酒店大堂及客厅装饰照明。",
        design_point="产品的形状", png_views=True),
]

INVENTORS = "梁志华、陈伟强"


# ---------------------------------------------------------------------------------------------
# The dates of the steps


class _Days:
    """Working days before ``now`` (the admin's calendar; a year not yet published on the
    provisional Monday–Friday calendar, as the clocks themselves do)."""

    def __init__(self, now: datetime):
        self.now, self.today = now, clock.local_date(now)
        self.calendar = load_calendar()

    def _is_workday(self, day: date) -> bool:
        try:
            return self.calendar.is_workday(day)
        except UnknownCalendarYear:
            return self.calendar.provisional().is_workday(day)

    def back(self, n: int) -> date:
        day = self.today
        while n:
            day -= timedelta(days=1)
            if self._is_workday(day):
                n -= 1
        return day

    def at(self, n: int, step: int) -> datetime:
        """The instant of the ``step``-th step of a path taken ``n`` working days ago: from
        09:00 in Zhongshan, 40 minutes apart; today's steps just before ``now``."""
        if n == 0:
            return self.now - timedelta(minutes=10 * (8 - step))
        day = self.back(n)
        local = datetime.combine(day, time(9, 0), tzinfo=clock.CHINA)
        return (local + timedelta(minutes=40 * step)).astimezone(UTC)


# ---------------------------------------------------------------------------------------------
# The documents: small real PDFs (text and line drawings) and PNG views

# Line drawings in a 240×200 box (y downwards), shared by the PDFs and the PNGs: rectangles,
# lines, closed polygons and ellipses. Numbered parts are labelled at ``_LABELS``.
_SHAPES = {
    "highbay": (("rect", 60, 20, 120, 50), ("rect", 100, 0, 40, 20),
                ("poly", 60, 70, 20, 150, 220, 150, 180, 70),
                *(("line", x, 20, x, 70) for x in range(75, 180, 15))),
    "ceiling": (("rect", 20, 60, 200, 20), ("poly", 30, 80, 70, 112, 170, 112, 210, 80),
                ("line", 40, 70, 200, 70)),
    "downlight": (("rect", 40, 40, 160, 12), ("rect", 95, 10, 50, 30),
                  ("poly", 60, 52, 80, 150, 160, 150, 180, 52), ("line", 90, 140, 150, 140)),
    "street": (("line", 40, 200, 40, 30), ("line", 40, 30, 120, 20),
               ("rect", 120, 10, 100, 24), ("line", 130, 34, 210, 34)),
    "track": (("rect", 10, 10, 220, 18), ("rect", 90, 28, 40, 20), ("line", 110, 48, 110, 100),
              ("poly", 90, 100, 130, 100, 150, 170, 70, 170)),
    "mirror": (("ellipse", 120, 90, 80, 80), ("ellipse", 120, 90, 66, 66),
               ("rect", 105, 170, 30, 25)),
    "wall": (("poly", 60, 20, 150, 60, 180, 100, 150, 140, 60, 180, 110, 100),
             ("line", 60, 20, 60, 180)),
    "pendant": (("line", 120, 0, 120, 40), ("ellipse", 120, 50, 40, 8),
                ("ellipse", 120, 90, 70, 12), ("ellipse", 120, 135, 95, 15),
                *(("line", x, 140, x, 180) for x in range(35, 210, 20))),
}
_LABELS = ((230, 30), (230, 80), (230, 130), (5, 170), (5, 40))
_KAPPA = 0.5523  # the Bézier handle of a quarter ellipse


def _pages(spec: DemoRequest, firm: Organisation) -> dict[str, tuple[str, list]]:
    """Each document ``spec`` uploads, by upload kind: its title and its blocks (``("h1",
    text)``, ``("h2", text)``, ``("p", text)``, ``("row", label, value)``, ``("drawing",
    shape, parts, caption)``)."""
    um = spec.kind == UM
    listed = "、".join(str(documents_rule.LABELS[k]).split("(")[-1].rstrip(")")
                      for k in documents_rule.REQUIRED[spec.kind])
    request_title = f"{'实用新型' if um else '外观设计'}专利请求书"
    pages = {"request": (request_title, [
        ("h1", request_title),
        ("row", "实用新型名称" if um else "产品名称", spec.title),
        ("row", "申请人", firm.name), ("row", "统一社会信用代码", firm.uscc or ""),
        ("row", "地址", firm.address or ""), ("row", "发明人" if um else "设计人", INVENTORS),
        ("row", "IPC分类号" if um else "洛迦诺分类号", spec.classification),
        ("row", "申请文件清单", listed),
        ("p", "申请人声明：本申请未同时向其他预审服务机构提交预审请求，所提交材料真实。")])}
    if um:
        product = spec.title.removeprefix("一种")
        numbered = "、".join(f"{part}{n}" for n, part in enumerate(spec.parts, start=1))
        pages["description"] = ("说明书", [
            ("h1", "说明书"), ("h2", spec.title), ("h3", "技术领域"),
            ("p", f"本实用新型涉及照明灯具技术领域，具体涉及{product}。"), ("h3", "背景技术"),
            ("p", f"现有的{product}结构复杂、安装维护不便，使用中可靠性不足。"),
            ("h3", "实用新型内容"), ("p", spec.abstract), ("h3", "附图说明"),
            ("p", "图1为本实用新型实施例的结构示意图。"), ("h3", "具体实施方式"),
            ("p", f"如图1所示，本实施例包括{numbered}。{spec.claims[0]}")])
        claims = [("p", f"{n}. {c}") for n, c in enumerate(spec.claims, start=1)]
        pages["claims"] = ("权利要求书", [("h1", "权利要求书"), *claims])
        pages["drawings"] = ("说明书附图", [("h1", "说明书附图"),
                                       ("drawing", spec.shape, spec.parts, "图1")])
        pages["abstract"] = ("说明书摘要", [("h1", "说明书摘要"), ("p", spec.abstract),
                                       ("drawing", spec.shape, spec.parts, "摘要附图")])
    else:
        if not spec.png_views:
            pages["views"] = ("外观设计图片", [("h1", "外观设计图片或照片"),
                                         ("drawing", spec.shape, (), "主视图"),
                                         ("drawing", spec.shape, (), "立体图")])
        pages["brief_description"] = ("简要说明", [
            ("h1", "简要说明"), ("p", f"1．本外观设计产品的名称：{spec.title}。"),
            ("p", f"2．本外观设计产品的用途：{spec.use}"),
            ("p", f"3．本外观设计产品的设计要点：在于{spec.design_point}。"),
            ("p", "4．最能表明设计要点的图片或照片：立体图。"),
            ("p", "5．后视图与主视图对称，省略后视图；仰视图无设计要点，省略仰视图。")])
    if "amend" in dict(spec.path):
        replaced = "权利要求书（替换页）" if um else "外观设计图片（替换页）"
        pages["amendment"] = (replaced, [("h1", replaced), *(
            [("p", f"{n}. {c}") for n, c in enumerate(spec.claims, start=1)] if um
            else [("drawing", spec.shape, (), "立体图")])])
        pages["reply"] = ("意见陈述书", [
            ("h1", "意见陈述书"), ("row", "申请人", firm.name), ("row", "名称", spec.title),
            ("p", "针对预审意见通知书，申请人陈述意见如下："), ("p", spec.reply)])
    return pages


def _width(text: str) -> float:
    """The width of ``text`` in ems: a CJK character is one, a Latin one half."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def _wrap(text: str, ems: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if _width(line + ch) > ems:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def _hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


class _Canvas:
    """A page's content stream in PDF operators, with a cursor from the top margin down."""

    LEFT, RIGHT, TOP, BOTTOM, WIDTH = 72.0, 523.0, 770.0, 72.0, 595.0

    def __init__(self):
        self.pages: list[list[str]] = [[]]
        self.y = self.TOP

    def _room(self, height: float) -> None:
        if self.y - height < self.BOTTOM:
            self.pages.append([])
            self.y = self.TOP

    def text(self, x: float, y: float, size: float, text: str) -> None:
        self.pages[-1].append(f"BT /F1 {size} Tf {x:.1f} {y:.1f} Td <{_hex(text)}> Tj ET")

    def lines(self, text: str, size: float, *, left: float | None = None, centred=False,
              leading: float = 1.6) -> None:
        left = self.LEFT if left is None else left
        for line in _wrap(text, (self.RIGHT - left) / size):
            self._room(size * leading)
            self.y -= size * leading
            x = (self.WIDTH - _width(line) * size) / 2 if centred else left
            self.text(x, self.y, size, line)

    def row(self, label: str, value: str) -> None:
        top = self.y
        self.lines(label, 11)
        self.y = top
        self.lines(value, 11, left=self.LEFT + 110)

    def drawing(self, shape: str, parts, caption: str, scale: float = 1.3) -> None:
        self._room(200 * scale + 40)
        x0, y0 = (self.WIDTH - 240 * scale) / 2, self.y - 12

        def at(x, y):
            return f"{x0 + x * scale:.1f} {y0 - y * scale:.1f}"

        ops = ["1.2 w"]
        for kind, *v in _SHAPES[shape]:
            if kind == "rect":
                x, y, w, h = v
                ops.append(f"{at(x, y)} m {at(x + w, y)} l {at(x + w, y + h)} l "
                           f"{at(x, y + h)} l h S")
            elif kind == "line":
                ops.append(f"{at(v[0], v[1])} m {at(v[2], v[3])} l S")
            elif kind == "poly":
                points = list(zip(v[::2], v[1::2]))
                ops.append(f"{at(*points[0])} m " + " ".join(f"{at(*p)} l" for p in points[1:])
                           + " h S")
            else:  # ellipse
                cx, cy, rx, ry = v
                kx, ky = rx * _KAPPA, ry * _KAPPA
                ops.append(f"{at(cx + rx, cy)} m "
                           f"{at(cx + rx, cy + ky)} {at(cx + kx, cy + ry)} {at(cx, cy + ry)} c "
                           f"{at(cx - kx, cy + ry)} {at(cx - rx, cy + ky)} {at(cx - rx, cy)} c "
                           f"{at(cx - rx, cy - ky)} {at(cx - kx, cy - ry)} {at(cx, cy - ry)} c "
                           f"{at(cx + kx, cy - ry)} {at(cx + rx, cy - ky)} {at(cx + rx, cy)} c S")
        ops.append("0.5 w")
        for n, (x, y) in enumerate(_LABELS[:len(parts)], start=1):
            ops.append(f"{at(x, y)} m {at(120 + (x - 120) * 0.5, 100 + (y - 100) * 0.5)} l S")
        self.pages[-1].extend(ops)
        for n, (x, y) in enumerate(_LABELS[:len(parts)], start=1):
            self.text(x0 + x * scale + (3 if x > 120 else -10), y0 - y * scale, 10, str(n))
        self.y = y0 - 200 * scale - 8
        self.lines(caption, 11, centred=True)


def _pdf(title: str, blocks: list) -> bytes:
    """A real PDF of ``blocks``: A4 pages, the text in STSong-Light (one of the CJK fonts every
    PDF reader provides, so none is embedded and the file stays a few kilobytes; pypdf and
    pdftotext read its text back), the drawings as vector lines."""
    import zlib

    canvas = _Canvas()
    for kind, *values in blocks:
        if kind == "h1":
            canvas.lines(values[0], 16, centred=True, leading=2.2)
        elif kind == "h2":
            canvas.lines(values[0], 13, centred=True)
        elif kind == "h3":
            canvas.lines(values[0], 12, leading=2.0)
        elif kind == "p":
            canvas.lines("　　" + values[0] if not values[0][:1].isdigit() else values[0], 11)
        elif kind == "row":
            canvas.row(*values)
        else:
            canvas.drawing(*values)
    n_pages = len(canvas.pages)
    first_page = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        ("<< /Type /Pages /Kids [" + " ".join(f"{first_page + 2 * i} 0 R" for i in
                                             range(n_pages)) + f"] /Count {n_pages} >>").encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R "
        b"/DW 1000 /W [1 95 500] >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 "
        b"880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    for i, ops in enumerate(canvas.pages):
        stream = zlib.compress("\n".join(ops).encode("ascii"))
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       f"<< /Font << /F1 3 0 R >> >> /Contents {first_page + 2 * i + 1} 0 R >>"
                       .encode())
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
                       + stream + b"\nendstream")
    objects.append(f"<< /Title <FEFF{_hex(title)}> /Producer (ipcenter demo) >>".encode())
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _png(shape: str) -> bytes:
    """A design's views as a PNG line drawing (Pillow): the front view and the perspective
    (here the same outline, drawn twice), each in its frame."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (660, 300), 255)
    draw = ImageDraw.Draw(image)
    for left in (20, 350):
        draw.rectangle((left, 20, left + 290, 280), outline=170)
        x0, y0, scale = left + 25, 40, 1.0

        def at(x, y):
            return (x0 + x * scale, y0 + y * scale)

        for kind, *v in _SHAPES[shape]:
            if kind == "rect":
                draw.rectangle((*at(v[0], v[1]), *at(v[0] + v[2], v[1] + v[3])), outline=0,
                               width=2)
            elif kind == "line":
                draw.line((*at(v[0], v[1]), *at(v[2], v[3])), fill=0, width=2)
            elif kind == "poly":
                draw.polygon([at(x, y) for x, y in zip(v[::2], v[1::2])], outline=0, width=2)
            else:
                cx, cy, rx, ry = v
                draw.ellipse((*at(cx - rx, cy - ry), *at(cx + rx, cy + ry)), outline=0, width=2)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


_FILENAMES = {"request": "请求书", "description": "说明书", "claims": "权利要求书",
              "drawings": "说明书附图", "abstract": "说明书摘要", "views": "外观设计图片",
              "brief_description": "简要说明", "amendment": "修改替换页", "reply": "意见陈述书"}


def _files(spec: DemoRequest, firm: Organisation) -> dict[str, tuple[bytes, str]]:
    """``spec``'s files by upload kind: ``(bytes, filename)``."""
    files = {kind: (_pdf(title, blocks), f"{_FILENAMES[kind]}.pdf")
             for kind, (title, blocks) in _pages(spec, firm).items()}
    if spec.png_views:
        files["views"] = (_png(spec.shape), f"{_FILENAMES['views']}.png")
    return files


def _uploads(files: dict[str, tuple], kinds) -> list[services.Upload]:
    return [services.Upload(kind, io.BytesIO(files[kind][0]), files[kind][1]) for kind in kinds]


# ---------------------------------------------------------------------------------------------
# The walks through the services


def _filing(spec: DemoFiling, users: dict, days: _Days) -> PrexamFiling | None:
    """The firm's registration: the demo's own, else the one the firm already has (left as it
    is), else applied for now (and approved when ``spec.approved``)."""
    found = db.session.execute(sa.select(PrexamFiling).where(
        PrexamFiling.client_token == spec.token)).scalar_one_or_none()
    firm_user = users[spec.firm]
    org = firm_user.organisation
    current = found or services.current_filing(org.id)
    if current is not None and (found is not None or current.state not in
                                {FS.REJECTED, FS.WITHDRAWN, FS.REVOKED}):
        return current
    filing = services.apply_for_filing(services.FilingData(
        uscc=org.uscc, contact_name=firm_user.display_name, contact_phone=spec.phone,
        contact_email=spec.email, address=org.address or "", rd_staff=spec.rd_staff,
        fields=spec.fields, undertaking=True), firm_user, days.at(spec.days, 0), spec.token)
    if spec.approved:
        services.approve_filing(filing, users["examiner"], days.at(spec.days - 1, 1))
    return filing


def _application_number(spec: DemoRequest, year: int) -> str:
    digits = f"{year}{'2' if spec.kind == UM else '3'}{spec.serial}"
    return f"{digits}.{numbers.check_character(digits)}"


def _walk(spec: DemoRequest, files: dict, firm_user: User, examiner: User, days: _Days
          ) -> PrexamRequest:
    """Submit ``spec`` and take it along its path, each step on its own day."""
    request = None
    for step, (name, n) in enumerate(spec.path):
        now = days.at(n, step)
        today = clock.local_date(now)
        if name == "submit":
            data = services.RequestData(
                patent_kind=spec.kind, title=spec.title, classification=spec.classification,
                abstract=spec.abstract, claims_text="\n".join(
                    f"{i}. {c}" for i, c in enumerate(spec.claims, start=1)),
                declared_no_dual_filing=True)
            request = services.submit_request(
                data, _uploads(files, documents_rule.REQUIRED[spec.kind]), firm_user, now,
                spec.token)
        elif name == "take_up":
            services.take_up(request, examiner, now)
        elif name == "confirm":
            services.confirm_classification(request, examiner, now)
        elif name == "return":
            services.return_request(request, examiner, now, spec.reason)
        elif name == "opinion":
            ticked = {c.code: c.code not in spec.unticked
                      for c in checklist.CHECKLISTS[spec.kind]}
            services.issue_opinion(request, examiner, now, ticked,
                                   [{"basis": b, "text": t} for b, t in spec.points])
        elif name == "amend":
            services.amend(request, firm_user, now, spec.reply,
                           _uploads(files, ("amendment", "reply")))
        elif name == "pass":
            services.pass_request(request, examiner, now,
                                  dict.fromkeys((c.code for c in
                                                 checklist.CHECKLISTS[spec.kind]), True))
        elif name == "fail":
            services.fail_request(request, examiner, now, spec.reason)
        elif name == "file":
            services.record_filing(request, firm_user, now,
                                   _application_number(spec, today.year), today)
        elif name == "grant":
            services.record_grant(request, firm_user, now, today)
        else:
            raise ValueError(f"unknown demo step {name!r}")
    return request


def seed(now: datetime | None = None) -> list[PrexamRequest]:
    """The registrations and the demo requests that are missing (by their form token);
    returns the requests. Needs the demo organisations and users."""
    now = now or clock.now()
    users = {spec.username: db.session.execute(sa.select(User).where(
        User.username == spec.username)).scalar_one() for spec in common.USERS}
    days = _Days(now)
    filings = {spec.firm: _filing(spec, users, days) for spec in FILINGS}
    firm_user = users["firm1"]
    existing = {r.client_token: r for r in db.session.execute(sa.select(PrexamRequest).where(
        PrexamRequest.client_token.in_([s.token for s in PREXAM_REQUESTS]))).scalars()}
    missing = [s for s in PREXAM_REQUESTS if s.token not in existing]
    if missing and filings["firm1"].state not in {str(s) for s in FILING_STANDS}:
        # The firm's own registration (made on the pages) does not stand: it cannot submit.
        missing = []
    for spec in missing:
        existing[spec.token] = _walk(spec, _files(spec, firm_user.organisation), firm_user,
                                     users["examiner"], days)
    return [existing[s.token] for s in PREXAM_REQUESTS if s.token in existing]
