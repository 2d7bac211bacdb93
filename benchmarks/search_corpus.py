"""A deterministic generated corpus of Chinese case documents from the lighting industry of
Zhongshan (古镇): party names, patent, trademark and credit-code numbers, dates, and text
broken into lines the way PDF extraction breaks it (inside words).

Used by ``benchmarks/search_bench.py`` and by the recall tests (``tests/search``). Each generated
document also records the numbers it mentions, for ground truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import ipcenter.ip.search  # noqa: F401  (the code types the corpus names)
from ipcenter.search import SearchDocument

TOWNS = ["中山市古镇", "中山市小榄镇", "中山市横栏镇", "中山市东凤镇", "佛山市南海区",
         "江门市蓬江区", "广州市番禺区", "深圳市宝安区", "东莞市长安镇", "珠海市斗门区",
         "中山市石岐区", "中山市南头镇"]
BRANDS = ["华辉", "星光", "明辉", "欧雅", "雷明", "佳能达", "耀华", "金鼎", "华艺", "月映",
          "灿阳", "光阳", "美莱", "粤辉", "嘉美", "汇丰源", "德昌", "恒亮", "万家灯", "晶华",
          "凯诺", "丽晶"]
TRADES = ["灯饰", "照明", "光电", "电器", "五金", "灯具", "照明科技"]
SUFFIXES = ["有限公司", "股份有限公司", "灯饰厂", "经营部", "实业有限公司"]
PRODUCTS = ["吸顶灯", "水晶吊灯", "LED面板灯", "壁灯", "落地灯", "台灯", "筒灯", "射灯", "庭院灯",
            "灯罩", "灯具连接件", "投光灯"]
PATENT_TYPES = ["外观设计", "实用新型", "发明"]
STATES = ["filed", "accepted", "under_review", "hearing", "decided", "closed"]
CASE_TYPES = ["patent", "trademark", "unfair_competition"]
KINDS = ["case", "file", "ruling"]

SENTENCES = [
    ("请求人{a}认为，被请求人{b}未经许可，制造、销售、许诺销售的{product}落入其{ptype}专利权"
     "（专利号：{patent}）的保护范围，请求责令被请求人立即停止侵权行为。"),
    "本局于{day}受理该专利侵权纠纷案件，依法组成合议组，并向被请求人送达了请求书副本。",
    "被请求人{b}辩称，其生产的{product}采用的是现有设计，不构成侵权，请求驳回请求人的请求。",
    "经审理查明，涉案{product}与授权外观设计在整体视觉效果上无实质性差异，构成近似。",
    ("为推动粤港澳大湾区知识产权保护协作，中心协助中山药企开展海外维权，并与{town}灯饰行业协会"
     "建立快速维权工作机制。"),
    "请求人提交了第{tm}号注册商标的注册证书，核定使用商品为第11类灯具、照明器械。",
    "被请求人的统一社会信用代码为{uscc}，住所地位于{town}。",
    ("根据《中华人民共和国专利法》第六十五条的规定，管理专利工作的部门处理时，认定侵权行为成立的，"
     "可以责令侵权人立即停止侵权行为。"),
    "双方当事人于{day}在本局主持下进行口头审理，{a}的委托代理人到庭参加了口头审理。",
    "合议组认为，被控侵权产品{product}的灯罩形状、灯臂结构及底座装饰与涉案专利图片所示基本相同。",
    "本决定书送达之日起十五日内，当事人不服的，可以依照《中华人民共和国行政诉讼法》向人民法院起诉。",
    "古镇灯饰产业集群企业众多，外观设计更新快，快速预审、快速确权、快速维权的需求十分迫切。",
    "经查，被请求人在其网店销售的{product}使用了与请求人第{tm}号商标相同的标识。",
    "综上，依照有关规定，本局作出如下处理决定：被请求人{b}立即停止销售侵犯{patent}号专利权的产品。",
]


@dataclass
class Generated:
    doc: SearchDocument
    patents: set[str] = field(default_factory=set)   # canonical: 13 characters, digits + check
    trademarks: set[str] = field(default_factory=set)
    usccs: set[str] = field(default_factory=set)

    def parts(self) -> list[str]:
        """The searchable texts of the document, as written (before line joining)."""
        d = self.doc
        f = d.fields
        return [d.title, f.get("number", ""), *f.get("parties", []),
                *(value for _type, value in f.get("codes", [])), d.body]

    def code(self, code_type: str) -> str | None:
        """The first code of ``code_type`` the document names in its fields."""
        return next((v for t, v in self.doc.fields.get("codes", []) if t == code_type), None)


def company(rng: random.Random) -> str:
    return rng.choice(TOWNS) + rng.choice(BRANDS) + rng.choice(TRADES) + rng.choice(SUFFIXES)


def patent(rng: random.Random) -> tuple[str, str]:
    """(canonical, as written): the written form varies the way people write it."""
    year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024, 2025])
    digits = f"{year}{rng.choice([1, 2, 3])}{rng.randrange(10**7):07d}"
    check = str(rng.randrange(10))
    form = rng.randrange(4)
    written = [f"ZL{digits}.{check}", f"ZL {digits}.{check}", f"{digits}.{check}",
               f"{digits}{check}"][form]
    return digits + check, written


def uscc(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return "91442000" + "".join(rng.choice(alphabet) for _ in range(10))


def _break_lines(rng: random.Random, text: str, every: int) -> str:
    """Insert line breaks about every ``every`` characters, only between two CJK characters
    (where PDF extraction cuts words)."""
    out, since = [], 0
    for i, ch in enumerate(text):
        out.append(ch)
        since += 1
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if since >= every and "\u4e00" <= ch <= "\u9fff" and "\u4e00" <= nxt <= "\u9fff":
            out.append("\n")
            since = rng.randrange(every // 3)
    return "".join(out)


def generate(n: int, seed: int = 20260305, *, min_bytes: int = 1000, max_bytes: int = 5000,
             orgs: int = 50) -> list[Generated]:
    """``n`` documents, the same for the same arguments."""
    rng = random.Random(seed)
    out = []
    start = date(2022, 1, 1)
    for i in range(1, n + 1):
        a, b = company(rng), company(rng)
        pats = [patent(rng) for _ in range(rng.choice([1, 1, 2]))]
        tm = str(rng.randrange(10**7, 10**8))
        code = uscc(rng)
        day = start + timedelta(days=rng.randrange(4 * 365))
        target = rng.randrange(min_bytes, max_bytes)
        pieces, size = [], 0
        while size < target:
            sentence = rng.choice(SENTENCES).format(
                a=a, b=b, product=rng.choice(PRODUCTS), ptype=rng.choice(PATENT_TYPES),
                patent=rng.choice(pats)[1], day=f"{day.year}年{day.month}月{day.day}日",
                tm=tm, uscc=code, town=rng.choice(TOWNS))
            pieces.append(sentence)
            size += len(sentence.encode())
        body = _break_lines(rng, "".join(pieces), rng.randrange(28, 45))
        kind = rng.choice(KINDS)
        case_type = rng.choice(CASE_TYPES)
        mentioned_patents = {canonical for canonical, written in pats if written in body}
        fields = {
            "number": f"（{day.year}）粤中知保字第{i}号",
            "parties": [a, b],
            "state": rng.choice(STATES),
            "case_type": case_type,
            "date": day,
        }
        if kind == "case":
            fields["codes"] = [*(("patent", written) for _canonical, written in pats),
                               ("trademark", tm), ("uscc", code)]
            mentioned_patents |= {canonical for canonical, _written in pats}
        org = rng.randrange(1, orgs + 1)
        doc = SearchDocument(
            kind=kind, id=i,
            title=f"{a}诉{b}{rng.choice(PRODUCTS)}专利侵权纠纷案",
            body=body, fields=fields,
            principals={f"org:{org}", "role:adjudicator"},
            published=kind == "ruling" and rng.random() < 0.5,
            scopes={f"case:{rng.randrange(1, max(2, n // 5))}"})
        generated = Generated(doc, mentioned_patents)
        generated.trademarks = {tm} if (tm in body or kind == "case") else set()
        generated.usccs = {code} if (code in body or kind == "case") else set()
        out.append(generated)
    return out
