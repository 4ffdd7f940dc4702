// English names of causes of action (案由). The court records a cause by its name in the Supreme
// People's Court's 《民事案件案由规定》 (法〔2020〕347号), so the name is the code; an English screen shows
// the English name of a listed cause and the court's own name for any other.
import { locale } from "@/i18n";

const english: Record<string, string> = {
  民间借贷纠纷: "Private lending dispute",
  金融借款合同纠纷: "Financial loan contract dispute",
  信用卡纠纷: "Credit card dispute",
  买卖合同纠纷: "Sales contract dispute",
  房屋租赁合同纠纷: "Housing lease contract dispute",
  物业服务合同纠纷: "Property management service contract dispute",
  装饰装修合同纠纷: "Decoration contract dispute",
  劳务合同纠纷: "Labour service contract dispute",
  追索劳动报酬纠纷: "Claim for labour remuneration",
  机动车交通事故责任纠纷: "Motor vehicle traffic accident liability dispute",
  健康权纠纷: "Right to health dispute",
  离婚纠纷: "Divorce dispute",
  离婚后财产纠纷: "Property dispute after divorce",
  抚养纠纷: "Child support dispute",
  赡养纠纷: "Elderly support dispute",
  继承纠纷: "Inheritance dispute",
  租赁合同纠纷: "Lease contract dispute",
  建设工程施工合同纠纷: "Construction contract dispute",
  服务合同纠纷: "Service contract dispute",
  保证合同纠纷: "Guarantee contract dispute",
  劳动争议: "Labour dispute",
  "生命权、身体权、健康权纠纷": "Right to life, body and health dispute",
};

/** The cause in the user's language. */
export function causeName(cause: string): string {
  return locale.value === "en" ? (english[cause] ?? cause) : cause;
}
