"""Sentences for the speech benchmarks, written for this project in the style of government
notices: numbers, dates, phone numbers, amounts, document numbers and the polyphones
notices are full of (还款, 行长, 将为, 重新, 调整, 供给, 处理, 长期, 银行, 标准为 …).

Kept apart from the tests' texts so that tuning the voice on one does not flatter the other.
"""

from __future__ import annotations

__all__ = ["ENGLISH", "HELD_OUT", "MANDARIN"]

MANDARIN = [
    "根据市政府通知，自2024年3月15日起，申请人可在工作日到各区政务服务中心办理。",
    "逾期未还款的，银行将按照合同约定收取罚息，请借款人按时还款。",
    "本次补贴标准为每人每月500元，由区财政统一发放到个人账户。",
    "咨询电话：0571-87654321，工作时间为上午九点至下午五点。",
    "市民可拨打12345政务服务便民热线反映问题，热线全天开放。",
    "会议由人民银行分行行长主持，各商业银行负责人参加。",
    "今年全市将为六十周岁以上的老年人免费提供一次健康体检。",
    "经研究决定，对原有收费项目重新调整，调整后的价格于下月执行。",
    "因道路施工，公交十八路临时改道，给市民出行带来不便，敬请谅解。",
    "请携带身份证原件及复印件，到三楼二号窗口领取《居住证》。",
    "2023年全市地区生产总值达到1.2万亿元，同比增长百分之五点二。",
    "各单位要切实加强安全生产管理，及时处理各类隐患。",
    "报名时间为2024年6月1日至6月30日，逾期不予受理。",
    "符合条件的困难家庭，可享受每户每年3000元的取暖补助。",
    "长期在外务工人员可委托他人代为办理社保转移手续。",
    "本市将新建十二所幼儿园，新增学位约四千个。",
    "投诉举报邮箱为 service@example.gov.cn，我们将在五个工作日内答复。",
    "供水管道检修期间，部分小区将暂停供水，请居民提前储水。",
    "疫苗接种点设在社区卫生服务中心，接种时请出示预约码。",
    "一季度全市新增就业岗位两万三千个，城镇登记失业率保持在较低水平。",
    "为方便群众办事，市民中心周六上午正常开放。",
    "对于恶意拖欠工资的行为，人社部门将依法严肃处理。",
    "垃圾分类投放点每天早上七点到九点开放，请大家自觉遵守。",
    "网上办理请登录政务服务网，或下载手机APP进行预约。",
    "住房公积金贷款最高额度调整为八十万元，首付比例不低于百分之二十。",
    "春节期间，全市各景区实行限流措施，游客需提前一天预约。",
    "本通知自发布之日起施行，由市民政局负责解释。",
    "申请材料不齐全的，工作人员应当一次性告知需要补正的全部内容。",
]

# A second set, held out: kinds of text the first set lacks (clock times, percent signs,
# mobile and emergency numbers, units, ranges, 一/不 before other tones, runs of third tones,
# neutral-tone particles, 儿化, questions, Latin abbreviations, lists with 、).  Written after
# the first set was used for tuning; a change to the voice is kept only if it does not make
# this set worse.
HELD_OUT = [
    "办事大厅的受理时间为8:30至12:00，下午14:00至17:30。",
    "今年上半年全市空气质量优良率为87.5%，比去年同期提高3个百分点。",
    "如遇火灾请立即拨打119，需要急救请拨打120。",
    "报名咨询请联系王老师，手机号码13905718826。",
    "新建道路全长3.6公里，预计总投资约4.8亿元。",
    "审核结果将在3至5个工作日内通过短信告知。",
    "第二批次的补贴名单已经公示，有异议的可以在七日内提出。",
    "一律不得以任何理由拒绝办理，不要让群众来回跑。",
    "请您耐心等一下，我们马上为您查一查。",
    "老旧小区改造完成以后，居民的出行条件有了很大改善。",
    "你知道社保卡丢了以后应该怎么补办吗？",
    "请把门口的自行车推到旁边一点儿，别挡住消防通道。",
    "高速公路ETC用户可享受九五折通行优惠。",
    "今天PM2.5浓度偏高，建议老人和儿童减少户外活动。",
    "请准备好户口本、结婚证、两张一寸照片和申请表。",
    "水费每吨上调0.35元，自2025年1月1日起执行。",
    "我市最低气温将降至零下8℃，请注意防寒保暖。",
    "选举结果已经产生，请各位代表留意会议通知。",
    "展览馆每周一闭馆，其余时间免费向公众开放。",
    "年满65周岁的本市户籍老人，乘坐公交车不用买票。",
    "请不要在楼道里堆放杂物，以免影响大家的安全。",
    "这个问题我们已经转给有关部门，请您耐心等待答复。",
    "图书馆新增了大字版图书和有声读物，欢迎老年朋友借阅。",
    "补办证件需缴纳工本费二十元，可以使用微信或支付宝付款。",
]

ENGLISH = [
    "The city service centre is open from nine in the morning to five in the afternoon.",
    "Applications must be submitted before the thirtieth of June, twenty twenty four.",
    "Residents over sixty may apply for a free annual health check at any clinic.",
    "For questions, please call the public service hotline on one two three four five.",
    "Road works on Main Street will close two lanes until the end of the month.",
    "The new library will open to the public on Monday, the third of March.",
    "Please bring your identity card and a copy of your residence permit.",
    "Water supply in the northern district will be interrupted for maintenance tonight.",
    "The subsidy is five hundred yuan per person per month, paid into your account.",
    "Parking is free for visitors with a disability badge at all public buildings.",
]
