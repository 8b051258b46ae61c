"""Words for the demo data: agents, customers, notes and summaries in English, Turkish, Estonian.

Each agent works with the checklists of their language (``catalog`` names). Notes mention refunds,
late deliveries and broken products; a few carry a phone number or an e-mail address, so that
``export --redact`` has something to remove.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agent:
    """A demo agent: name, the checklists they use, speed (1 = on target), diligence (lower
    skips more) and how many of the calls they take (weight)."""

    name: str
    checklists: tuple[str, ...]
    speed: float
    diligence: float
    weight: float


AGENTS = (
    Agent("Alice", ("default.en", "latte.en"), 0.9, 0.95, 1.2),
    Agent("Ben", ("default.en", "heard.en", "heat.en"), 1.1, 0.8, 1.0),
    Agent("Chloe", ("heard.en", "carp.en"), 1.0, 0.9, 0.8),
    Agent("Daniel", ("last.en", "leaps.en"), 1.25, 0.7, 0.9),
    Agent("Emma", ("blast.en", "default.en", "feel-felt-found.en"), 0.95, 0.9, 1.0),
    Agent("Frank", ("default.en",), 1.05, 0.85, 0.7),
    Agent("Deniz", ("default.tr", "heard.tr", "last.tr", "blast.tr"), 1.0, 0.9, 1.1),
    Agent("Selin", ("default.tr", "latte.tr", "heat.tr"), 0.85, 0.95, 1.0),
    Agent("Murat", ("default.tr", "carp.tr", "leaps.tr", "feel-felt-found.tr"), 1.2, 0.75, 0.8),
    Agent("Kadri", ("default.et", "heard.et", "last.et", "blast.et"), 0.95, 0.92, 0.9),
    Agent("Märt", ("default.et", "latte.et", "heat.et"), 1.1, 0.85, 0.7),
    Agent("Liis", ("default.et", "carp.et", "leaps.et", "feel-felt-found.et"), 1.0, 0.9, 0.6),
)

# fmt: off
FIRST = {
    "en": ("James", "Olivia", "Mohammed", "Sophie", "Liam", "Grace", "Noah", "Amelia", "Harry",
           "Isla", "Jack", "Mia", "Oscar", "Ruby", "George", "Poppy"),
    "tr": ("Ahmet", "Ayşe", "Mehmet", "Fatma", "Mustafa", "Zeynep", "Emre", "Esra", "Can",
           "İrem", "Burak", "Şule", "Oğuz", "Gül", "Hakan", "Özlem"),
    "et": ("Mari", "Jaan", "Kati", "Andres", "Kristi", "Tõnu", "Piret", "Ülo", "Anu", "Rein",
           "Helen", "Priit", "Triin", "Margus", "Kärt", "Indrek"),
}
# fmt: on
# fmt: off
LAST = {
    "en": ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
           "Patel", "Wright", "Evans", "Thomas"),
    "tr": ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan",
           "Doğan", "Koç", "Kurt"),
    "et": ("Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel",
           "Lepik", "Raud"),
}
# fmt: on
# fmt: off
ITEMS = {
    "en": ("headphones", "washing machine", "phone", "coffee machine", "vacuum cleaner",
           "laptop", "kettle", "router"),
    "tr": ("kulaklık", "çamaşır makinesi", "telefon", "kahve makinesi", "süpürge",
           "dizüstü bilgisayar", "su ısıtıcısı", "modem"),
    "et": ("kõrvaklapid", "pesumasin", "telefon", "kohvimasin", "tolmuimeja", "sülearvuti",
           "veekeetja", "ruuter"),
}
# fmt: on
CURRENCY = {"en": "EUR", "tr": "TL", "et": "eurot"}

NOTES = {
    "en": (
        "Wants a refund for the {item}, ordered {days} days ago.",
        "Parcel {order} is {days} days late; tracking has not moved since Monday.",
        "The {item} arrived broken, screen cracked. Sent photos.",
        "Charged twice for order {order} ({amount} {cur} each).",
        "Was promised a callback yesterday, nobody called. Very upset.",
        "Wrong item delivered: got a {item2} instead of the {item}.",
        "Refund of {amount} {cur} approved, 3-5 working days.",
        "Late delivery again - third time this year. Offered a free-shipping voucher.",
        "Broken {item}: replacement sent, courier pickup tomorrow.",
        "Asked for a manager straight away; calmer after I restated the problem.",
        "Subscription cancelled but still billed; wants the money back.",
        "Courier left the parcel outside in the rain, {item} damaged.",
        "Says the {item} stopped working after {days} days. Warranty case opened.",
        "Refund still not received {days} days after the return.",
    ),
    "tr": (
        "{item} için iade istiyor, {days} gün önce sipariş vermiş.",
        "{order} numaralı kargo {days} gündür gecikmede; takip bilgisi güncellenmiyor.",
        "Ürün ({item}) kırık geldi, ekranı çatlak. Fotoğraf gönderdi.",
        "Aynı sipariş ({order}) için iki kez ücret alınmış: {amount} {cur}.",
        "Dün geri arama sözü verilmiş, kimse aramamış. Çok sinirli.",
        "Yanlış ürün gönderilmiş: {item} yerine {item2} gelmiş.",
        "İade onaylandı: {amount} {cur}, 3-5 iş günü içinde hesabında olacak.",
        "Teslimat yine gecikti, bu yıl üçüncü kez. Ücretsiz kargo kuponu önerdim.",
        "Bozuk ürün ({item}) için değişim başlatıldı, kurye yarın alacak.",
        "Hemen yöneticiyle görüşmek istedi; sorunu özetleyince sakinleşti.",
        "Abonelik iptal edilmiş ama ücret kesilmeye devam ediyor; iade istiyor.",
        "Kurye paketi yağmurda kapının önüne bırakmış, {item} hasarlı.",
        "İade edilen ürünün parası {days} gündür yatmamış.",
    ),
    "et": (
        "Soovib raha tagasi, toode: {item}, tellitud {days} päeva tagasi.",
        "Pakk {order} hilineb juba {days} päeva; jälgimine pole esmaspäevast liikunud.",
        "Toode ({item}) saabus katkisena, ekraan mõranenud. Saatis pildid.",
        "Tellimuse {order} eest võeti kaks korda raha: {amount} {cur}.",
        "Eile lubati tagasi helistada, keegi ei helistanud. Väga pahane.",
        "Saadeti vale toode: tellitud {item}, aga tuli {item2}.",
        "Raha tagastamine kinnitatud: {amount} {cur}, 3–5 tööpäeva.",
        "Tarne hilineb jälle – sel aastal juba kolmas kord. Pakkusin tasuta saatmist.",
        "Katkise toote ({item}) asendus saadetud, kuller tuleb homme järele.",
        "Soovis kohe juhiga rääkida; rahunes, kui probleemi kokku võtsin.",
        "Tellimus tühistatud, aga raha võetakse edasi; soovib tagasimakset.",
        "Kuller jättis paki vihma kätte, sisu sai kahjustada.",
        "Tagastatud kauba raha pole {days} päeva jooksul laekunud.",
    ),
}
CONTACT = {
    "en": ("Call back on {phone}.", "Prefers e-mail: {email}"),
    "tr": ("Geri arama numarası: {phone}", "E-posta ile dönüş istiyor: {email}"),
    "et": ("Helistada tagasi numbril {phone}.", "Eelistab e-kirja: {email}"),
}
CARD_NOTE = {
    "en": "Read out the card number [card ••••1111] before I could stop them.",
    "tr": "Ben durduramadan kart numarasını okudu: [card ••••1111].",
    "et": "Luges kaardinumbri ette enne, kui jõudsin peatada: [card ••••1111].",
}
# fmt: off
SUMMARIES = {
    "en": {
        "resolved": ("Refund issued.", "Replacement on its way.", "Delivery rebooked.",
                     "Double charge reversed."),
        "escalated": ("Handed to team lead.", "Escalated to billing."),
        "callback": ("Call back once the courier replies.", "Call back after warehouse check."),
        "hung_up": ("Customer hung up during the explanation.",),
        "abuse": ("Ended after two warnings.",),
    },
    "tr": {
        "resolved": ("İade yapıldı.", "Yeni ürün gönderildi.", "Teslimat yeniden planlandı."),
        "escalated": ("Yöneticiye aktarıldı.", "Fatura birimine iletildi."),
        "callback": ("Kargo firması dönünce aranacak.",),
        "hung_up": ("Müşteri açıklama sırasında telefonu kapattı.",),
        "abuse": ("İki uyarıdan sonra görüşme sonlandırıldı.",),
    },
    "et": {
        "resolved": ("Raha tagastatud.", "Asendustoode teel.", "Tarne uuesti broneeritud."),
        "escalated": ("Suunatud juhile.", "Edastatud arveldusse."),
        "callback": ("Helistame tagasi, kui kuller vastab.",),
        "hung_up": ("Klient pani selgituse ajal toru ära.",),
        "abuse": ("Kõne lõpetatud pärast kahte hoiatust.",),
    },
}
# fmt: on
#: Outcomes in believable proportions.
OUTCOME_WEIGHTS = (
    ("resolved", 61),
    ("escalated", 13),
    ("callback", 14),
    ("hung_up", 9),
    ("abuse", 3),
)
ASCII = str.maketrans("ıİşŞğĞçÇöÖüÜõÕäÄ", "iIsSgGcCoOuUoOaA")


def email_of(name: str) -> str:
    """A made-up e-mail address for a customer name (at example.com)."""
    return name.lower().translate(ASCII).replace(" ", ".") + "@example.com"


def phone_of(language: str, digits: int) -> str:
    """A made-up phone number in the style of the language's country."""
    text = f"{digits:07d}"
    if language == "tr":
        return f"+90 532 {text[:3]} {text[3:5]} {text[5:]}"
    if language == "et":
        return f"+372 5{text[:3]} {text[3:]}"
    return f"+44 7700 9{text[:5]}"
