"""Company names for synthetic registries (示例数据): 区域 + 字号 + 行业词 + 组织形式.

字号 are two-character brand words of the shipped company short-names corpus
(data/brand_words.txt) whose both characters are ordinary trade-name
characters (the curated set below) — so no joke-like or vulgar word (臭屁虫,
香啦啦) can reach a demo — and which are not the 字号 of a well-known real firm
of the demo city or its chains. 行业词 follow the firm's industry code
(GB/T 4754-2017), so a chemical maker is 化工/新材料 and an equipment maker
装备/机械, as in real registries.
"""

from __future__ import annotations

import random
from functools import cache

from chainatlas import reference

# Characters that real 字号 are commonly built from (auspicious, place and trade words).
TRADE_NAME_CHARACTERS = frozenset(
    "华达兴盛恒泰鑫源宏博信德安联众力新远瑞祥丰元光中天金川山海通诚正明和创科智汇优友佳嘉润昌隆荣益泽永长立"
    "建成伟峰晟铭睿鸿宇航星辰辉耀晨旭东南西北湘楚岳江河湖洲岭林森松柏竹兰菁茂鼎坤乾凯越捷迅驰腾飞翔展拓锐"
    "精工宝誉盈昊皓煜晖骏俊弘毅仁义礼谦久诺奥普赛维特尔克斯能美康健宁景图云硕卓尚品万千百合同协启际顺吉富"
    "泓汉唐夏国邦城")
# Never in a demo name: vulgar, joke-like or nursery words and characters (the test holds names to this list).
FORBIDDEN_WORDS = (
    "屁", "臭", "尿", "屎", "粪", "骚", "贱", "蠢", "傻", "呆", "笨", "死", "鬼", "丧", "毒", "病", "癌", "奸", "淫",
    "嫖", "妓", "娼", "赌", "尸", "棺", "坟", "葬", "啦", "哇", "呀", "嘛", "哈", "嘻", "嘿", "呵", "吖", "喵", "屌",
    "操", "逼", "婊", "狗", "猪", "虫", "丑", "肥", "懒", "穷", "衰", "霉", "骗", "盗", "贼", "疯", "癫", "哭", "惨",
    "废", "渣", "坑", "萌", "宝宝", "妈", "爸", "哥", "姐", "妹", "叔", "婆", "爷", "奶", "老表", "师傅", "先生",
    "小姐", "土豪", "西瓜", "花楼", "好哇", "酷购", "跟屁", "香啦",
)
# 字号 of well-known real firms of the demo city and its chains: a demo must not look like their data.
REAL_FIRM_TRADE_NAMES = frozenset((
    "中联", "三一", "山河", "铁建", "邦普", "宁德", "蓝思", "华为", "中兴", "长城", "景嘉", "杉杉", "中伟", "华曙",
    "远大", "楚天", "威胜", "华菱", "湘电", "星邦", "博云", "金博", "长远", "中科", "国科", "华自", "比亚", "吉利",
    "广汽", "上汽", "北汽", "湘江", "湘钢", "华天", "中车", "国网", "南方", "华民", "九典", "千金", "尔康", "华纳",
))
# 行业词 by GB/T 4754-2017 大类 (first two digits of the industry code).
_INDUSTRY_WORDS = {
    "01": ("农业科技", "种业"), "05": ("农业科技", "农业发展"), "09": ("矿业", "矿产"), "10": ("矿业", "矿产"),
    "13": ("食品", "农产品"), "17": ("家纺", "纺织"), "18": ("服饰", "服装"), "19": ("鞋业", "皮具"),
    "21": ("家具",), "22": ("包装", "纸业"), "58": ("国际货运代理", "物流"), "14": ("食品",), "15": ("酒业", "饮品"),
    "25": ("新材料", "炭素", "能源科技"), "26": ("化工", "新材料", "化学", "材料科技"),
    "27": ("医药", "制药", "生物科技", "药业"), "28": ("新材料", "纤维"), "29": ("塑胶", "新材料", "橡塑"),
    "30": ("新材料", "炭素", "玻璃"), "31": ("钢铁", "金属材料"), "32": ("有色金属", "新材料", "金属", "冶金"),
    "33": ("金属制品", "精密", "五金"), "34": ("机械", "装备", "智能装备", "机电", "自动化设备"),
    "35": ("装备", "机械", "专用设备", "智能装备"), "36": ("汽车零部件", "汽车", "汽车电子", "车业"),
    "37": ("装备", "轨道交通装备", "航空科技"), "38": ("电气", "电力设备", "电工", "新能源", "电池"),
    "39": ("电子", "电子科技", "微电子", "通信技术", "信息技术"), "40": ("仪器", "仪器仪表", "检测技术", "测控技术"),
    "42": ("再生资源", "环保科技"), "43": ("设备维修", "装备"), "44": ("能源", "电力"), "46": ("水务",),
    "48": ("建设", "工程"), "49": ("电力工程", "建设"), "50": ("工程", "装饰工程"),
    "51": ("商贸", "贸易", "供应链"), "52": ("商贸", "连锁"), "54": ("物流", "运输"), "59": ("仓储", "物流"),
    "60": ("物流", "速递"), "61": ("酒店", "酒店管理"), "62": ("餐饮", "餐饮管理"), "63": ("通信", "网络科技"),
    "64": ("网络科技", "信息科技"), "65": ("软件", "信息技术", "数据科技", "科技"), "66": ("金融信息服务",),
    "70": ("置业", "房地产开发"), "71": ("租赁",), "72": ("企业管理", "咨询"), "73": ("技术研究院", "科技"),
    "74": ("检测技术", "检验检测", "技术服务"), "75": ("科技", "技术"), "77": ("环保科技", "环境工程"),
    "78": ("物业管理",), "80": ("家政服务",), "81": ("维修服务",), "83": ("教育咨询", "培训"),
    "84": ("健康管理", "医疗科技"), "86": ("文化传媒", "传媒"), "87": ("文化传媒", "影视传媒"), "88": ("文化发展",),
}
# 行业词 by 中类 (first three digits) where the 大类 is too broad (a medical-device maker is no 机械 firm).
_CLASS_WORDS = {
    "261": ("化工", "化学"), "266": ("新材料", "化工", "材料科技"), "276": ("生物科技", "生物医药", "生物制药"),
    "291": ("橡胶", "轮胎"), "292": ("塑胶", "塑料"), "305": ("玻璃",), "306": ("新材料", "玻纤"),
    "309": ("炭素", "新材料", "石墨"), "351": ("矿山机械", "机械", "重工"), "358": ("医疗器械", "医疗科技"),
    "361": ("汽车",), "366": ("汽车零部件", "汽车部件"), "367": ("汽车零部件", "汽车电子", "汽车部件"),
    "381": ("电机", "电气"), "382": ("电气", "电力设备", "输变电设备"), "383": ("电线电缆", "线缆"),
    "384": ("电池", "新能源", "能源科技"), "387": ("照明", "光电"), "391": ("计算机", "信息技术", "电子科技"),
    "392": ("通信设备", "通信技术"), "393": ("视听科技", "广电设备"), "395": ("视听科技", "电子"),
    "396": ("智能科技", "电子"), "397": ("微电子", "半导体", "电子"), "398": ("新材料", "电子材料"),
    "401": ("仪器仪表", "仪表"), "402": ("仪器", "检测技术", "分析仪器"), "652": ("微电子", "集成电路", "半导体"),
    "745": ("检测技术", "检验检测"), "131": ("米业", "粮油"), "146": ("调味品", "食品"), "151": ("酒业",),
    "152": ("饮品", "饮用水"), "153": ("茶业",), "267": ("烟花", "花炮"), "302": ("混凝土", "建材"),
    "307": ("陶瓷",), "331": ("钢结构", "钢构"), "346": ("环保设备", "机械"), "711": ("汽车租赁",),
    "725": ("广告", "文化传媒"), "726": ("人力资源", "人力资源服务"), "729": ("国际旅行社", "旅行社"),
    "801": ("家政服务",), "804": ("美容美发", "美业"), "839": ("驾驶培训", "职业培训"),
}
_FALLBACK_WORDS = ("科技", "技术", "实业")
LEGAL_FORMS = ("有限公司", "有限责任公司", "股份有限公司")


def _acceptable(word: str) -> bool:
    return (len(word) == 2 and word[0] != word[1] and all(ch in TRADE_NAME_CHARACTERS for ch in word)
            and word not in REAL_FIRM_TRADE_NAMES and not any(bad in word for bad in FORBIDDEN_WORDS))


@cache
def trade_names() -> tuple[str, ...]:
    """The curated 字号: ordinary two-character words of the company short-names corpus."""
    words = (reference.DATA / "brand_words.txt").read_text(encoding="utf-8").split()
    return tuple(dict.fromkeys(w for w in words if _acceptable(w)))


@cache
def industry_words(code: str) -> tuple[str, ...]:
    """The 行业词 firms of an industry code put in their names."""
    return _CLASS_WORDS.get(code[:3]) or _INDUSTRY_WORDS.get(code[:2], _FALLBACK_WORDS)


@cache
def region_words(county_code: str) -> tuple[str, ...]:
    """区域 words a firm of a county uses: the province's short name, the city's, and a county-level city's own."""
    index = reference.regions()
    words = []
    province = index.by_code.get(county_code[:2] + "0000")
    if province is not None:
        words.append(province.name.removesuffix("省").removesuffix("市").removesuffix("壮族自治区")
                     .removesuffix("回族自治区").removesuffix("维吾尔自治区").removesuffix("自治区"))
    city = index.by_code.get(county_code[:4] + "00")
    if city is not None and city.level == "city" and city.name != "市辖区":
        words.append(city.name.removesuffix("市"))
    county = index.by_code.get(county_code)
    if county is not None and county.name.endswith("市") and len(county.name) >= 3:
        words.append(county.name.removesuffix("市"))
    return tuple(w for w in words if w) or ("中国",)


def compose(rng: random.Random, trade: str, county_code: str, industry_code: str, form: str) -> str:
    """区域 + 字号 + 行业词 + 组织形式, now and then 字号 + 行业词 + （区域） + 组织形式."""
    word = rng.choice(industry_words(industry_code))
    regions = region_words(county_code)
    draw = rng.random()
    if draw < 0.4:
        region = regions[0]  # 湖南XX新材料有限公司
    elif draw < 0.8 or len(regions) < 3:
        region = regions[min(1, len(regions) - 1)]  # 长沙XX电子科技有限公司
    else:
        region = regions[2]  # 浏阳XX…
    if rng.random() < 0.08:
        return f"{trade}{word}（{region}）{form}"
    return f"{region}{trade}{word}{form}"
