import type { DocInputs } from './inputs.ts';
import type { Writer } from './format.ts';

/** The risk table of section 4.8: each risk with its consequence, the action, and what proves it. */
export function riskRows(w: Writer, x: DocInputs): string[][] {
  const { L } = w;
  const rules = x.evaluate?.rules;
  return [
    [
      L('advice taken as a diagnosis', 'совет принят за диагноз'),
      L(
        'harm to a user with a medical problem; legal exposure',
        'вред пользователю с медицинской проблемой; юридический риск',
      ),
      L(
        'a disclaimer in every answer; red-flag symptoms → a referral instead of products; indicators are named as measurements, never conditions',
        'дисклеймер в каждом ответе; «красные флаги» → направление к врачу вместо продуктов; индикаторы названы измерениями, не диагнозами',
      ),
      '`test/systems/skincare/recommend/`, `test/systems/skincare/knowledge/`',
    ],
    [
      L(
        'a product that hurts: an allergen for sensitive skin, a retinoid in pregnancy, a conflicting pair',
        'продукт во вред: аллерген при чувствительной коже, ретиноид при беременности, конфликтующая пара',
      ),
      L('irritation, harm, lost trust', 'раздражение, вред, потеря доверия'),
      L(
        'hard rules before any scoring, checked on generated questionnaires',
        'жёсткие правила до любого скоринга, проверены на сгенерированных анкетах',
      ),
      rules
        ? L(
            `${w.int(rules.violations)} violations in ${w.int(rules.questionnaires)} generated questionnaires ${w.by('evaluate')}`,
            `${w.int(rules.violations)} нарушений на ${w.int(rules.questionnaires)} сгенерированных анкетах ${w.by('evaluate')}`,
          )
        : w.missing('evaluate'),
    ],
    [
      L(
        'a bad photo (dark, blurred, no face, two faces) read as skin',
        'плохое фото (тёмное, размытое, без лица, два лица) принято за кожу',
      ),
      L('wrong indicators, wrong products', 'неверные индикаторы, неверные продукты'),
      L(
        'the quality gate refuses it with a retake message',
        'фильтр качества отклоняет с просьбой переснять',
      ),
      w.cite(
        'qualityGate',
        x.qualityGate,
        'quality-gate accuracy in section 2.3',
        'точность фильтра качества в разделе 2.3',
      ),
    ],
    [
      L(
        'hostile files: a decompression bomb (20,000 × 20,000 PNG), a truncated JPEG, an animated GIF, not an image',
        'враждебные файлы: «бомба» распаковки (PNG 20 000 × 20 000), обрезанный JPEG, анимированный GIF, не картинка',
      ),
      L('memory exhaustion, a crash', 'исчерпание памяти, падение'),
      L(
        'the pixel limit is checked from the header before decoding; every failure is a 4xx problem+json or a friendly bot message',
        'лимит пикселей проверяется по заголовку до декодирования; любая ошибка — 4xx problem+json или понятное сообщение бота',
      ),
      '`test/systems/skincare/photo/`, `test/systems/skincare/service/`',
    ],
    [
      L('a photo stored or reused without consent', 'фото сохранено или использовано без согласия'),
      L('a privacy breach (GDPR art. 9: biometric data)', 'нарушение приватности (GDPR ст. 9: биометрия)'),
      L(
        'nothing is downloaded before consent; pixels live only in memory; no face embeddings are computed; only numbers are stored, and expire unless the user keeps a history; erase on request',
        'до согласия ничего не скачивается; пиксели только в памяти; эмбеддинги лица не вычисляются; хранятся только числа, и они истекают, если пользователь не сохраняет историю; удаление по запросу',
      ),
      '`test/systems/skincare/bot/`, `test/systems/skincare/service/`',
    ],
    [
      L(
        'weak labels (Sephora flags mostly "suits everyone")',
        'слабая разметка (флаги Sephora в основном «подходит всем»)',
      ),
      L('a suitability model that learns little', 'модель пригодности, которая мало чему учится'),
      L(
        'measured beside a category prior and scikit-learn on brand-grouped folds; suitability is one factor of the score, the actives and the rules carry the rest',
        'измерено рядом с априорным по категории и scikit-learn на фолдах по брендам; пригодность — лишь один множитель скора, остальное дают активы и правила',
      ),
      w.cite('suitability', x.suitability, 'section 2.3, stage 2', 'раздел 2.3, этап 2'),
    ],
    [
      L("a partner's malformed product file", 'некорректный файл продуктов партнёра'),
      L('broken products in the ranking', 'сломанные продукты в ранжировании'),
      L(
        'the same data contract as the catalogs; errors reported per row and field; good rows still enter',
        'тот же контракт данных, что у каталогов; ошибки по строкам и полям; корректные строки принимаются',
      ),
      '`test/systems/skincare/service/`',
    ],
    [
      L(
        'satisfaction falls, or the photo rejection rate jumps (a new camera, app, population)',
        'удовлетворённость падает или растёт доля отклонённых фото (новая камера, приложение, аудитория)',
      ),
      L('a pilot that fails unseen', 'незаметно проваленный пилот'),
      L(
        'monitoring with alerts; the panel at `/dashboard/skincare`',
        'мониторинг с алертами; панель `/dashboard/skincare`',
      ),
      '`test/systems/skincare/monitoring/`',
    ],
  ];
}
