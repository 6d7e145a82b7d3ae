extension Phrasebook {
    static let arabic = Phrasebook(
        locale: "ar",
        rightToLeft: true,
        subjects: [
            "استفسار عن الطلب رقم {order}", "لا أستطيع تسجيل الدخول", "طلب استرداد مبلغ {amount}",
            "عاجل: خطأ في الفاتورة",
        ],
        greetings: ["مرحباً،", "السلام عليكم {agent}،"],
        problems: [
            "قمت بطلب رقم {order} بتاريخ {date} ولم يصلني حتى الآن.",
            "عند محاولة تسجيل الدخول تظهر رسالة \"كلمة المرور غير صحيحة\" مع أنني غيّرتها للتو.",
            "تم خصم مبلغ {amount} من بطاقتي مرتين.",
            "وصلني المنتج تالفاً، أرفقت صورة للتغليف.",
        ],
        followUps: ["شكراً جزيلاً، تم حل المشكلة 🙏🏾", "ما زالت المشكلة موجودة للأسف.", "في انتظار ردكم."],
        closings: ["مع خالص الشكر.", "أرجو الرد في أقرب وقت."],
        replies: [
            "مرحباً {name}، نعتذر عن الإزعاج. تم شحن طلبك {order} اليوم.",
            "قمنا بإعادة تعيين كلمة المرور، يرجى التحقق من بريدك الإلكتروني.",
            "تم التأكد من الخصم المكرر وسيتم رد {amount} خلال ٥ أيام عمل.",
        ],
        signOffs: ["نتمنى لك يوماً سعيداً.", "لا تتردد في التواصل معنا."],
        notes: ["العميل اتصل هاتفياً أيضاً، يرجى المتابعة.", "بانتظار رد شركة الشحن."]
    )

    static let hebrew = Phrasebook(
        locale: "he",
        rightToLeft: true,
        subjects: ["ההזמנה {order} לא הגיעה", "בעיה בהתחברות לחשבון", "חיוב כפול של {amount}"],
        greetings: ["שלום,", "היי {agent},"],
        problems: [
            "הזמנתי ב-{date} (הזמנה {order}) ועדיין לא קיבלתי כלום.",
            "אני לא מקבל את קוד האימות ב-SMS.",
            "חויבתי פעמיים בסך {amount} החודש.",
        ],
        followUps: ["תודה רבה! 👌🏼", "זה עדיין לא עובד."],
        closings: ["תודה מראש.", "בברכה."],
        replies: [
            "שלום {name}, מתנצלים על העיכוב. ההזמנה {order} נשלחה היום.",
            "ביטלנו את החיוב הכפול, הסכום {amount} יוחזר לכרטיס.",
        ],
        signOffs: ["יום נעים!"],
        notes: ["לבדוק מול מחלקת הכספים."]
    )

    static let turkish = Phrasebook(
        locale: "tr",
        rightToLeft: false,
        subjects: ["{order} numaralı sipariş hâlâ gelmedi", "Giriş yapamıyorum", "İade talebi ({amount})"],
        greetings: ["Merhaba,", "Merhaba {agent} Bey/Hanım,"],
        problems: [
            "{date} tarihinde verdiğim {order} numaralı sipariş henüz ulaşmadı.",
            "Şifremi sıfırlama bağlantısı e-postama gelmiyor.",
            "Kartımdan iki kez {amount} çekildi, lütfen kontrol eder misiniz?",
        ],
        followUps: ["Çok teşekkürler, sorun çözüldü!", "Maalesef hâlâ aynı hatayı alıyorum."],
        closings: ["İyi çalışmalar.", "Teşekkür ederim."],
        replies: [
            "Merhaba {name}, yaşadığınız aksaklık için özür dileriz. {order} numaralı siparişiniz kargoya verildi.",
            "Çift çekim tespit edildi, {amount} iade edilecektir.",
        ],
        signOffs: ["İyi günler dileriz."],
        notes: ["Kargo firmasından dönüş bekleniyor."]
    )

    static let greek = Phrasebook(
        locale: "el",
        rightToLeft: false,
        subjects: ["Η παραγγελία {order} δεν έχει φτάσει", "Πρόβλημα σύνδεσης", "Επιστροφή χρημάτων {amount}"],
        greetings: ["Καλησπέρα σας,", "Γεια σας {agent},"],
        problems: [
            "Έκανα την παραγγελία {order} στις {date} και ακόμα δεν την έχω παραλάβει.",
            "Δεν μπορώ να συνδεθώ στον λογαριασμό μου μετά την ενημέρωση της εφαρμογής.",
        ],
        followUps: ["Ευχαριστώ πολύ!", "Το πρόβλημα παραμένει."],
        closings: ["Με εκτίμηση,", "Ευχαριστώ εκ των προτέρων."],
        replies: [
            "Αγαπητέ/ή {name}, λυπούμαστε για την ταλαιπωρία. Η παραγγελία {order} απεστάλη σήμερα.",
            "Επαναφέραμε τον κωδικό σας· ελέγξτε το email σας.",
        ],
        signOffs: ["Καλή συνέχεια!"],
        notes: ["Να ελεγχθεί με την αποθήκη."]
    )
}
