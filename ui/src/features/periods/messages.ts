// 期限计算器: the words of the period calculator, Chinese first, English second. The holiday
// names come from the court's calendar data in Chinese; the English screen names them here.

const holidaysEn: Record<string, string> = {
  元旦: "New Year's Day",
  春节: "Spring Festival",
  清明节: "Qingming Festival",
  劳动节: "Labour Day",
  端午节: "Dragon Boat Festival",
  中秋节: "Mid-Autumn Festival",
  国庆节: "National Day",
};

export const zh = {
  periods: {
    open: "期限计算器",
    title: "期限计算器",
    rule: "按《民事诉讼法》第八十五条计算：起算的那一天不算；最后一天是节假日的，顺延到节假日后的第一个工作日。",
    start: "从哪一天起算（如收到文书的日期）",
    days: "期限天数",
    unit: "怎么算",
    units: { days: "按日计算（节假日也算在内）", working_days: "按工作日计算（周末和节假日不算）" },
    compute: "计算",
    endIs: "期限最后一天：{date}",
    provisional:
      "这是暂定的日期：{years}年的放假安排国务院还没有公布，现在按法定节假日和周末计算。正式安排公布后，日期可能会变，法院会另行告知。",
    stepsTitle: "怎么算出来的",
    steps: {
      start_not_counted: "{date}：起算的那一天，不算在期限内",
      days_counted: "{from} 至 {to}：共 {days} 天（中间的节假日照样算）",
      skipped: "{date}：{why}，不算",
      make_up_workday_counted: "{date}：{name}（调休上班），算第 {nth} 个工作日",
      last_day_off: "{date}：{why}，最后一天往后顺延",
      end: "{date}：期限最后一天",
    },
    weekend: "周末",
    holiday: (name: string) => `${name}假期`,
    makeUpName: (name: string) => name,
    provisionalMark: "（暂定）",
    calendarCourt: "按法院公布的放假安排计算（第 {version} 版）",
    calendarCourtShipped: "按法院使用的放假安排计算",
    calendarShipped: "按本软件自带的放假安排计算（联网登录后会使用法院的最新安排）",
    outOfRange: "这个日期太早或太晚，无法计算。",
  },
};

export const en: typeof zh = {
  periods: {
    open: "Period calculator",
    title: "Period calculator",
    rule: "Counted as the Civil Procedure Law, Article 85 says: the first day is not counted; if the last day is a holiday, the period ends on the first working day after it.",
    start: "Counted from (for example, the day you received the document)",
    days: "Number of days",
    unit: "How to count",
    units: { days: "Calendar days (holidays count too)", working_days: "Working days (weekends and holidays do not count)" },
    compute: "Calculate",
    endIs: "Last day of the period: {date}",
    provisional:
      "This date is provisional: the State Council has not yet published the holiday schedule for {years}, so it is counted from the statutory holidays and weekends. The official schedule may move it; the court will tell you.",
    stepsTitle: "How it was counted",
    steps: {
      start_not_counted: "{date}: the first day, not counted",
      days_counted: "{from} to {to}: {days} days (holidays in between count)",
      skipped: "{date}: {why}, not counted",
      make_up_workday_counted: "{date}: {name} (a weekend working day), counted as working day {nth}",
      last_day_off: "{date}: {why}, so the last day moves on",
      end: "{date}: last day of the period",
    },
    weekend: "weekend",
    holiday: (name: string) => `${holidaysEn[name] ?? name} holiday`,
    makeUpName: (name: string) => {
      const base = Object.keys(holidaysEn).find((k) => name.startsWith(k));
      return base ? `${holidaysEn[base]} make-up day` : "make-up day";
    },
    provisionalMark: " (provisional)",
    calendarCourt: "Counted with the court's holiday schedule (version {version})",
    calendarCourtShipped: "Counted with the court's holiday schedule",
    calendarShipped: "Counted with the schedule built into this app (the court's latest is used once you are online and signed in)",
    outOfRange: "This date is too early or too late to count.",
  },
};
