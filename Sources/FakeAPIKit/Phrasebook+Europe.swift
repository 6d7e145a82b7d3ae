extension Phrasebook {
    static let russian = Phrasebook(
        locale: "ru",
        rightToLeft: false,
        subjects: [
            "Заказ {order} не доставлен", "Не могу войти в личный кабинет", "Возврат средств ({amount})",
            "Ошибка при оплате картой «Мир»",
        ],
        greetings: ["Здравствуйте!", "Добрый день, {agent}!"],
        problems: [
            "Заказ {order} от {date} до сих пор не пришёл, хотя в трекинге написано «доставлено».",
            "При входе пишет «Неверный пароль», хотя я только что его сменил(а).",
            "С карты дважды списали {amount}. Прошу вернуть лишнее списание.",
            "Приложение вылетает сразу после запуска на Android 14 (Samsung Galaxy S23).",
        ],
        followUps: ["Спасибо, всё заработало! 👍🏻", "Проблема всё ещё есть.", "Жду ответа."],
        closings: ["С уважением,", "Заранее спасибо."],
        replies: [
            "{name}, здравствуйте! Приносим извинения за задержку: заказ {order} передан курьеру.",
            "Мы сбросили пароль — проверьте, пожалуйста, почту (и папку «Спам»).",
            "Двойное списание подтверждено, {amount} вернутся на карту в течение 3–5 рабочих дней.",
        ],
        signOffs: ["Хорошего дня!", "Если останутся вопросы — пишите."],
        notes: ["Клиент пишет уже третий раз, надо ускорить.", "Передал в бухгалтерию, ждём ответ."]
    )

    static let german = Phrasebook(
        locale: "de",
        rightToLeft: false,
        subjects: [
            "Bestellung {order} nicht angekommen", "Rückerstattung über {amount}", "Anmeldung schlägt fehl",
            "Änderung der Rechnungsadresse",
        ],
        greetings: ["Guten Tag,", "Hallo {agent},"],
        problems: [
            "Meine Bestellung {order} vom {date} ist immer noch nicht da – die Sendungsverfolgung zeigt seit Tagen „in Zustellung“.",
            "Beim Einloggen erscheint „Ungültiges Passwort“, obwohl ich es gerade zurückgesetzt habe.",
            "Mir wurden {amount} doppelt abgebucht. Bitte um Prüfung & Erstattung.",
            "Können Sie die Rechnungsadresse auf „Müller & Söhne GmbH, Große Straße 5, 80331 München“ ändern?",
        ],
        followUps: [
            "Vielen Dank, hat geklappt!", "Leider besteht das Problem weiterhin.", "Gibt es schon Neuigkeiten?",
        ],
        closings: ["Mit freundlichen Grüßen", "Viele Grüße"],
        replies: [
            "Hallo {name}, entschuldigen Sie die Verzögerung. Ihre Bestellung {order} wurde heute verschickt.",
            "Wir haben die doppelte Abbuchung storniert; die {amount} werden in 3–5 Werktagen gutgeschrieben.",
            "Die Rechnungsadresse ist geändert. Die korrigierte Rechnung finden Sie im Anhang.",
        ],
        signOffs: ["Freundliche Grüße", "Bei Fragen melden Sie sich gern."],
        notes: ["Lager hat Rücksendung noch nicht verbucht.", "Kunde ist Großkunde – bitte priorisieren."]
    )

    static let spanish = Phrasebook(
        locale: "es",
        rightToLeft: false,
        subjects: [
            "Pedido {order} sin entregar", "No puedo iniciar sesión", "Solicitud de reembolso ({amount})",
            "¿Cómo cambio mi método de pago?",
        ],
        greetings: ["Hola,", "Buenas tardes, {agent}:"],
        problems: [
            "Hice el pedido {order} el {date} y todavía no ha llegado. ¿Podéis revisarlo?",
            "La aplicación me dice «sesión caducada» cada vez que intento entrar.",
            "Me han cobrado {amount} dos veces este mes.",
            "Quiero cambiar la tarjeta asociada a la suscripción, pero el botón no responde.",
        ],
        followUps: ["¡Muchas gracias! Ya está solucionado 🙌🏽", "Sigue sin funcionar.", "Quedo a la espera."],
        closings: ["Un saludo.", "Gracias de antemano."],
        replies: [
            "Hola {name}, sentimos mucho las molestias. Tu pedido {order} ha salido hoy del almacén.",
            "Hemos anulado el cargo duplicado; los {amount} se devolverán en 3–5 días hábiles.",
            "¿Podrías indicarnos la versión de la app y el modelo de tu móvil?",
        ],
        signOffs: ["¡Que tengas un buen día!", "Quedamos a tu disposición."],
        notes: ["Pendiente de respuesta de la agencia de transporte.", "Cliente muy molesto, revisar hoy."]
    )

    static let portuguese = Phrasebook(
        locale: "pt-br",
        rightToLeft: false,
        subjects: ["Pedido {order} não chegou", "Não consigo acessar minha conta", "Estorno de {amount}"],
        greetings: ["Olá,", "Oi {agent}, tudo bem?"],
        problems: [
            "Fiz o pedido {order} no dia {date} e até agora não recebi.",
            "O código de verificação não chega no meu celular.",
            "Fui cobrado(a) duas vezes no valor de {amount}.",
        ],
        followUps: ["Muito obrigado, resolveu! 👏🏾", "Ainda não funcionou."],
        closings: ["Obrigado(a).", "Aguardo retorno."],
        replies: [
            "Olá {name}, pedimos desculpas pelo transtorno. O pedido {order} foi despachado hoje.",
            "O estorno de {amount} foi solicitado e aparecerá na próxima fatura.",
        ],
        signOffs: ["Tenha um ótimo dia!"],
        notes: ["Aguardando retorno da transportadora."]
    )

    static let english = Phrasebook(
        locale: "en-US",
        rightToLeft: false,
        subjects: [
            "Order {order} hasn't arrived", "Can't log in after password reset", "Refund request ({amount})",
            "Q&A: invoice shows wrong VAT", "App crashes on launch",
        ],
        greetings: ["Hi there,", "Hello {agent},"],
        problems: [
            "My order {order} from {date} still hasn't arrived & tracking says \"delivered\".",
            "The reset link in your email says it has expired — I requested it 2 minutes ago.",
            "I was charged {amount} twice this month. Please refund the duplicate.",
            "When I paste <script>alert('hi')</script> into the notes field the page goes blank, is that expected?",
            "The invoice shows 19% VAT but we're a registered business in the EU (VAT ID DE123456789).",
        ],
        followUps: ["Thanks, that fixed it!", "Still broken, unfortunately.", "Any update on this?"],
        closings: ["Thanks,", "Best regards,"],
        replies: [
            "Hi {name}, sorry for the trouble! Order {order} shipped today and should arrive in 2–3 days.",
            "I've reset your login; please try again in a private window.",
            "I've refunded the duplicate charge of {amount}; it can take 5–10 business days to show up.",
            "Could you send us the app version and your phone model? That'll help our engineers.",
        ],
        signOffs: ["Have a great day!", "Let me know if anything else comes up."],
        notes: [
            "Third time this customer has written in — escalating to tier 2.", "Waiting on the carrier's claim form.",
        ]
    )
}
