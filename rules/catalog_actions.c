/* catalog_actions.c — every action of the game as data (GAME_DESIGN.md §4).
 *
 * Costs are [money, force, politics] in the acting seat's resources:
 * C capital / B budget, F force, P prestige / L legitimacy. Effects apply at
 * resolution in the action's step; a `when` condition is checked then.
 * Each entry carries its paper source; "design" marks numbers the papers do
 * not give, "design, tuned" numbers set by self-play (BALANCE.md).
 */
#include "catalog.h"

#define ACT(e) [GG_ACT_##e] =

const gg_action_def gg__actions[GG_ACTIONS] = {
    /* ---------------- China ---------------- */
    ACT(CN_BRI_PROJECT){
        .id = "bri_project",
        .name = "Belt and Road project",
        .seat = CN,
        .tier = 0,
        .step = GG_STEP_ECONOMY,
        .target = GG_TGT_PROJECT,
        .flags = GG_AF_CONSENT,
        .tags = GG_TAG_ECONOMY_IN_KZ,
        .cost = COST(1, 0, 0),
        .effects = {START_PROJECT, INF(SELF, ECONOMY, 1), TRK(SINOPHOBIA, 1)},
        .text = "Start a Chinese-built project (its capital is paid now); more economic "
                "presence, and more visible China.",
        .source = "Mo22 L179-L197"},
    ACT(CN_ENERGY_DEAL){
        .id = "energy_deal",
        .name = "Energy deal",
        .seat = CN,
        .tier = 0,
        .step = GG_STEP_ECONOMY,
        .flags = GG_AF_CONSENT,
        .tags = GG_TAG_ECONOMY_IN_KZ | GG_TAG_ENERGY,
        .cost = COST(3, 0, 0),
        .requires = IF(ROUTE_GE, GG_NORTH, 1),
        .effects = {RTE(NORTH, -1), RTE(EAST, 1), INF(SELF, ECONOMY, 1), RES(KZ, MONEY, 1)},
        .text = "Buy Kazakh oil for the eastern pipeline: one unit of export capacity moves "
                "from the north route to the east.",
        .source = "Mo22 L223-L233; M17 L725"},
    ACT(CN_LOAN){.id = "loan",
                 .name = "Loan",
                 .seat = CN,
                 .tier = 0,
                 .step = GG_STEP_ECONOMY,
                 .flags = GG_AF_CONSENT,
                 .tags = GG_TAG_ECONOMY_IN_KZ,
                 .cost = COST(2, 0, 0),
                 .effects = {RES(KZ, MONEY, 3), TRK(DEBT, 1), INF(SELF, ELITE, 1)},
                 .text =
                     "Lend to Kazakhstan: budget now, a debt marker owed to China (debt 3 or more "
                     "feeds sinophobia every turn).",
                 .source = "Mo22 L197; HB20 L311-L314"},
    ACT(CN_LAND_LEASE){
        .id = "land_lease",
        .name = "Land lease",
        .seat = CN,
        .tier = 1,
        .step = GG_STEP_ECONOMY,
        .flags = GG_AF_CONSENT,
        .tags = GG_TAG_ECONOMY_IN_KZ,
        .cost = COST(2, 0, 0),
        .effects = {INF(SELF, ECONOMY, 1), RES(SELF, MONEY, 2), TRK(SINOPHOBIA, 2),
                    TRK_IF(STABILITY, -2, IF(TRACK_GE, GG_SINOPHOBIA, 6))},
        .text = "Lease farmland through Kazakh legislation: economy and returns, sinophobia +2; "
                "protests (stability -2) if sinophobia is already 6 or more.",
        .source = "Mo22 L376; M17 L713"},
    ACT(CN_ELITE_FORUM){
        .id = "elite_forum",
        .name = "Elite forum",
        .seat = CN,
        .tier = 0,
        .step = GG_STEP_SOFT,
        .tags = GG_TAG_SOFT_POWER,
        .cost = COST(0, 0, 2),
        .effects = {INF(SELF, ELITE, 1)},
        .text = "Host Kazakh officials and business leaders: Chinese money moves the elite. "
                "China courts them most years: it is the power with the money and support "
                "the ruling elite wants, and the elite's favour is its cheapest standing.",
        .source = "Mo22 L125, L388, L416"},
    ACT(CN_CONFUCIUS){
        .id = "confucius_institutes",
        .name = "Confucius Institutes and scholarships",
        .seat = CN,
        .tier = 1,
        .step = GG_STEP_SOFT,
        .tags = GG_TAG_SOFT_POWER,
        .cost = COST(0, 0, 2),
        .effects = {INF_IF(SELF, PUBLIC, 1, IF(TRACK_LE, GG_SINOPHOBIA, 5)),
                    INF_IF(SELF, ELITE, 1, IF(TRACK_LE, GG_SINOPHOBIA, 3))},
        .text = "Language centres and scholarships: public influence while sinophobia is 5 or "
                "less, elite too while it is 3 or less.",
        .source = "M17 L697"},
    ACT(CN_SURVEILLANCE){
        .id = "surveillance_package",
        .name = "Surveillance package",
        .seat = CN,
        .tier = 1,
        .step = GG_STEP_SECURITY,
        .flags = GG_AF_CONSENT,
        .tags = GG_TAG_SECURITY_IN_KZ,
        .cost = COST(2, 0, 0),
        .effects = {TRK(STABILITY, 1), INF(SELF, ELITE, 1), TRK(REFORM, -1), INF(WE, ELITE, -1)},
        .text = "Sell 'safe city' surveillance: stability and elite ties, less reform, the "
                "West loses elite standing.",
        .source = "Mo22 L308, L326"},
    ACT(CN_ARMS_SALES){
        .id = "arms_sales",
        .name = "Arms sales and training",
        .seat = CN,
        .tier = 0,
        .step = GG_STEP_SECURITY,
        .tags = GG_TAG_SECURITY_IN_KZ,
        .cost = COST(1, 1, 0),
        .requires = IF(ASYM_GE, GG_ASYM_JUNIOR, 0),
        .effects = {INF(SELF, SECURITY, 1),
                    GLB_IF(ESCALATION, 1, IF(NOT_ACCORD, GG_ACC_SPHERES, 0)),
                    GLB_IF(TRUST, -1, IF(NOT_ACCORD, GG_ACC_SPHERES, 0))},
        .text = "China enters Russia's security sphere once Russia is its junior partner "
                "(asymmetry junior or more): escalation +1 and trust -1 unless a spheres "
                "accord is in force. Kazakhstan buys arms from many suppliers: no consent, "
                "as for Russia's arms transfers.",
        .source = "HB20 L18-L19, L188, L326; Mo22 L294; design (no consent, like "
                  "arms_transfer)"},
    ACT(CN_SCO_EXERCISE){
        .id = "sco_exercise",
        .name = "SCO exercise",
        .seat = CN,
        .tier = 1,
        .step = GG_STEP_SECURITY,
        .tags = GG_TAG_SECURITY_IN_KZ,
        .cost = COST(0, 2, 0),
        .effects = {INF(SELF, SECURITY, 1),
                    GLB_IF(ESCALATION, 1, IF(NOT_ORDERED, RU, GG_ACT_RU_CSTO_EXERCISE)),
                    GLB_IF(TRUST, 1, IF(ORDERED, RU, GG_ACT_RU_CSTO_EXERCISE))},
        .text = "A Chinese-led exercise: escalation +1, unless Russia exercises alongside in "
                "the same turn (then trust +1 instead, as in their 2006 joint manoeuvres).",
        .source = "HB20 L188, L327; M17 L478 (the joint case)"},
    ACT(CN_XINJIANG_EASING){
        .id = "xinjiang_easing",
        .name = "Xinjiang policy easing",
        .seat = CN,
        .tier = 1,
        .step = GG_STEP_SOFT,
        .tags = GG_TAG_SOFT_POWER,
        .cost = COST(0, 0, 2),
        .requires = IF(TRACK_GE, GG_SINOPHOBIA, 2),
        .effects = {TRK(SINOPHOBIA, -2)},
        .text = "Release detained Kazakhs and soften Xinjiang policy: sinophobia -2.",
        .source = "SO24 L222"},

    /* ---------------- Russia ---------------- */
    ACT(RU_EAEU_STEP){
        .id = "eaeu_step",
        .name = "EAEU integration step",
        .seat = RU,
        .tier = 0,
        .step = GG_STEP_ECONOMY,
        .flags = GG_AF_CONSENT,
        .tags = GG_TAG_ECONOMY_IN_KZ,
        .cost = COST(2, 0, 0),
        .requires = IF(EAEU_LT, 3, 0),
        .effects = {EAEU(1), INST(EAEU, 1), INF(SELF, ECONOMY, 1), TRK(SOVEREIGNTY, -1),
                    RES(KZ, MONEY, 1)},
        .text = "Deepen the Eurasian Economic Union (three steps at most): Russian economic "
                "weight and market access, at a cost in sovereignty.",
        .source = "Mo22 L145-L159; HB20 L164"},
    ACT(RU_ENERGY_CONCESSION){
        .id = "energy_concession",
        .name = "Energy market concession",
        .seat = RU,
        .tier = 1,
        .step = GG_STEP_ECONOMY,
        .tags = GG_TAG_ENERGY,
        .cost = COST(2, 0, 0),
        .effects = {INF(SELF, ELITE, 1), RES(KZ, MONEY, 2)},
        .text = "Cheap fuel and market access for Kazakh energy firms: elite ties, budget for "
                "Kazakhstan.",
        .source = "Mo22 L165, L171"},
    ACT(RU_TRANSIT_SQUEEZE){
        .id = "transit_squeeze",
        .name = "Transit squeeze",
        .seat = RU,
        .tier = 1,
        .step = GG_STEP_ECONOMY,
        .tags = GG_TAG_COERCION | GG_TAG_ENERGY,
        .cost = COST(0, 1, 0),
        .requires = IF(ROUTE_GE, GG_NORTH, 1),
        .effects = {SHUT(NORTH, 1), INF(SELF, ELITE, -1), GLB(TRUST, -1), GLB(ESCALATION, 1),
                    INF(CN, ECONOMY, 1), INF(WE, ELITE, 1), TRK(SOVEREIGNTY, -1)},
        .text = "Shut the north route for a turn (Kazakhstan's budget falls at the next "
                "Income); pressure backfires: China and the West gain.",
        .source = "SO24 L137-L139, L143; Mo22 L211"},
    ACT(RU_ARMS_TRANSFER){
        .id = "arms_transfer",
        .name = "Arms transfer and officer training",
        .seat = RU,
        .tier = 0,
        .step = GG_STEP_SECURITY,
        .tags = GG_TAG_SECURITY_IN_KZ,
        .cost = COST(0, 2, 0),
        .effects = {INF(SELF, SECURITY, 1), RES(KZ, FORCE, 1)},
        .text = "Discounted arms and training in Russian academies: security influence and "
                "Kazakh force.",
        .source = "Mo22 L265-L269, L300"},
    ACT(RU_CSTO_EXERCISE){
        .id = "csto_exercise",
        .name = "CSTO exercise",
        .seat = RU,
        .tier = 0,
        .step = GG_STEP_SECURITY,
        .tags = GG_TAG_SECURITY_IN_KZ,
        .cost = COST(0, 2, 0),
        .requires = IF(INSTITUTION, GG_INST_CSTO, 0),
        .effects = {INF(SELF, SECURITY, 1), TRK(STABILITY, 1)},
        .text = "Collective exercise of the Russian-led alliance: security influence, "
                "stability.",
        .source = "HB20 L184; Mo22 L101-L103"},
    ACT(RU_MEDIA){.id = "media_broadcast",
                  .name = "Media broadcast",
                  .seat = RU,
                  .tier = 0,
                  .step = GG_STEP_SOFT,
                  .tags = GG_TAG_SOFT_POWER,
                  .cost = COST(0, 0, 2),
                  .cheaper_if = IF(INFL_GE, INFL_KEY(RU, GG_PUBLIC), 7),
                  .discount_res = GG_POLITICS,
                  .effects = {INF(SELF, PUBLIC, 1)},
                  .text = "Russian television and news: public influence; 1 prestige cheaper while "
                          "Russia's public influence is 7 or more (Russian is widely spoken). "
                          "Kazakhstan's language policy wears that influence down, so Russia "
                          "renews it most years.",
                  .source = "SO24 L161-L169; M17 L619"},
    ACT(RU_EDUCATION){
        .id = "russian_education",
        .name = "Education and scholarships",
        .seat = RU,
        .tier = 1,
        .step = GG_STEP_SOFT,
        .tags = GG_TAG_SOFT_POWER,
        .cost = COST(1, 0, 2),
        .effects = {INF(SELF, PUBLIC, 1),
                    INF_IF(SELF, ELITE, 1, IF(INFL_GE, INFL_KEY(RU, GG_PUBLIC), 6))},
        .text = "Russian universities and branch campuses: public influence, and elite too "
                "while Russian public influence is 6 or more.",
        .source = "Mo22 L362"},
    ACT(RU_COMPATRIOT){
        .id = "compatriot_rhetoric",
        .name = "Compatriot rhetoric",
        .seat = RU,
        .tier = 1,
        .step = GG_STEP_SOFT,
        .tags = GG_TAG_COERCION,
        .cost = COST(0, 0, 1),
        .effects = {RES(SELF, POLITICS, 3), TRK(SOVEREIGNTY, -1), INF(SELF, PUBLIC, -1),
                    INF(SELF, ELITE, -1), GLB(ESCALATION, 1)},
        .text = "Question Kazakh statehood and speak for ethnic Russians: prestige at home, "
                "sovereignty -1, but Russia loses Kazakh public and elite.",
        .source = "Mo22 L336; SO24 L151"},
    ACT(RU_ARMS_TO_CHINA){
        .id = "arms_to_china",
        .name = "Advanced arms to China",
        .seat = RU,
        .tier = 1,
        .step = GG_STEP_SECURITY,
        .cost = COST(0, 2, 0),
        .effects = {RES(SELF, MONEY, 3), GLB(TRUST, 1), RES(CN, FORCE, 2)},
        .text = "Sell advanced weapons to China: capital and trust now, a stronger China "
                "later.",
        .source = "D18 L122-L124; M17 L790"},
    ACT(RU_CALL_IN_GRATITUDE){
        .id = "call_in_gratitude",
        .name = "Call in the debt of gratitude",
        .seat = RU,
        .tier = 1,
        .step = GG_STEP_DIPLOMATIC,
        .cost = COST(0, 0, 1),
        .requires = IF(GRATITUDE, 0, 0),
        .effects = {GRATITUDE(-1),
                    INF_IF(SELF, ELITE, 2, IF(NOT_ORDERED, KZ, GG_ACT_KZ_REFUSE_DEMAND)),
                    TRK_IF(SOVEREIGNTY, -1, IF(NOT_ORDERED, KZ, GG_ACT_KZ_REFUSE_DEMAND))},
        .text = "After a CSTO intervention, ask Kazakhstan to repay it politically: elite +2, "
                "sovereignty -1, unless Kazakhstan refuses the demand this turn.",
        .source = "Mo22 L316; SO24 L115, L133-L135"},
    ACT(RU_CPC_INVESTMENT){.id = "cpc_investment",
                           .name = "Pipeline investment",
                           .seat = RU,
                           .tier = 1,
                           .step = GG_STEP_ECONOMY,
                           .target = GG_TGT_PROJECT,
                           .flags = GG_AF_CONSENT,
                           .tags = GG_TAG_ECONOMY_IN_KZ | GG_TAG_ENERGY,
                           .cost = COST(1, 0, 0),
                           .effects = {START_PROJECT, INF(SELF, ECONOMY, 1)},
                           .text =
                               "Invest in the northern export pipelines (its capital is paid now).",
                           .source = "Mo22 L211"},
    ACT(RU_SECURITY_PRIMACY){
        .id = "security_primacy",
        .name = "Sole security provider",
        .seat = RU,
        .tier = 0,
        .step = GG_STEP_SECURITY,
        .tags = GG_TAG_SECURITY_IN_KZ,
        .cost = COST(0, 2, 1),
        .requires = IF(INFL_GE, INFL_KEY(CN, GG_SECURITY), 2),
        .effects = {INF(CN, SECURITY, -1), INF(SELF, SECURITY, 1), GLB(TRUST, -1),
                    GLB(ESCALATION, 1)},
        .text = "Russia's answer once China's security influence reaches 2: push Chinese "
                "arms and trainers out (China security -1, Russia +1) at a cost in trust; "
                "escalation +1.",
        .source = "HB20 L19, L18"},

    /* ---------------- the West ---------------- */
    ACT(WE_ENERGY_INVESTMENT){
        .id = "energy_investment",
        .name = "Energy investment",
        .seat = WE,
        .tier = 0,
        .step = GG_STEP_ECONOMY,
        .flags = GG_AF_CONSENT,
        .tags = GG_TAG_ECONOMY_IN_KZ,
        .cost = COST(3, 0, 0),
        .effects = {INF(SELF, ECONOMY, 1), RES(KZ, MONEY, 2), TRK(DEVELOPMENT, 1)},
        .text = "Western majors invest in Kazakh oil and gas: economic influence, budget and "
                "development.",
        .source = "SO24 L101; Mo22 L221"},
    ACT(WE_CORRIDOR){
        .id = "connectivity_corridor",
        .name = "Connectivity corridor",
        .seat = WE,
        .tier = 0,
        .step = GG_STEP_ECONOMY,
        .target = GG_TGT_PROJECT,
        .flags = GG_AF_CONSENT,
        .tags = GG_TAG_ECONOMY_IN_KZ | GG_TAG_ENERGY,
        .cost = COST(1, 0, 0),
        .effects = {START_PROJECT, TRK(SOVEREIGNTY, 1)},
        .text = "Fund a route that avoids Russia (its capital is paid now): sovereignty +1.",
        .source = "HB20 L22-L24; SO24 L139"},
    ACT(WE_CA_STRATEGY){
        .id = "ca_strategy",
        .name = "Central Asia Strategy engagement",
        .seat = WE,
        .tier = 0,
        .step = GG_STEP_SOFT,
        .tags = GG_TAG_SOFT_POWER,
        .cost = COST(0, 0, 2),
        .effects = {INF_IF(SELF, ELITE, 1, IF(INFL_LE, INFL_KEY(WE, GG_ELITE), 3)),
                    TRK_IF(SOVEREIGNTY, 1, IF(TRACK_LE, GG_SOVEREIGNTY, 6)), INST(EU_STRATEGY, 1)},
        .text = "EU dialogue and partnership: elite influence while the West's is 3 or less "
                "(Chinese money and Russian security weigh more with the elite); sovereignty "
                "+1 while it is 6 or less.",
        .source = "HB20 L22-L23; Mo22 L416"},
    ACT(WE_REFORM_SUPPORT){
        .id = "reform_support",
        .name = "Reform support",
        .seat = WE,
        .tier = 0,
        .step = GG_STEP_SOFT,
        .tags = GG_TAG_SOFT_POWER,
        .cost = COST(1, 0, 2),
        .effects = {TRK_IF(REFORM, 1, IF(TRACK_LE, GG_REFORM, 3)),
                    INF_IF(SELF, PUBLIC, 1, IF(INFL_LE, INFL_KEY(WE, GG_PUBLIC), 4)),
                    INF_IF(CN, ELITE, -1, IF(TRACK_LE, GG_REFORM, 3)),
                    INF_IF(RU, ELITE, -1, IF(TRACK_LE, GG_REFORM, 3))},
        .text = "Back governance and judicial reform: reform +1 and China and Russia lose elite "
                "influence while reform is 3 or less; public influence while the West's is 4 "
                "or less. Diminishing returns: a neo-patrimonial elite takes little reform.",
        .source = "Mo22 L404-L408, L416, L422; SO24 L103"},
    ACT(WE_EDUCATION){.id = "english_education",
                      .name = "Education, English and counter-narrative",
                      .seat = WE,
                      .tier = 1,
                      .step = GG_STEP_SOFT,
                      .tags = GG_TAG_SOFT_POWER,
                      .cost = COST(0, 0, 2),
                      .effects = {INF(SELF, PUBLIC, 1)},
                      .text =
                          "Scholarships, English teaching and independent media: public influence.",
                      .source = "D18 L180-L184; SO24 L175"},
    ACT(WE_SANCTIONS){.id = "sanctions",
                      .name = "Sanctions on Russia",
                      .seat = WE,
                      .tier = 0,
                      .step = GG_STEP_DIPLOMATIC,
                      .tags = GG_TAG_COERCION,
                      .cost = COST(0, 0, 2),
                      .requires = IF(GLOBAL_LE, GG_SANCTIONS, 2),
                      .effects = {GLB(SANCTIONS, 1), GLB(TRUST, 1), RES(RU, MONEY, -1),
                                  RES_IF(RU, MONEY, -1, IF(NOT_DONE_LAST, WE, GG_ACT_WE_SANCTIONS)),
                                  RES(KZ, MONEY, -1), TRK(STABILITY, -1)},
                      .text = "Sanctions +1: Russia loses capital (2, only 1 if the West also "
                              "sanctioned last turn: Russia adapts) and income, but leans towards "
                              "China (trust +1); Kazakhstan suffers spillover.",
                      .source = "Mo22 L91, L181; D18 L136, L178; HB20 L56, L80; design, tuned "
                                "(the repeat)"},
    ACT(WE_SANCTIONS_CUSHION){
        .id = "sanctions_cushion",
        .name = "Sanctions cushion",
        .seat = WE,
        .tier = 1,
        .step = GG_STEP_ECONOMY,
        .cost = COST(2, 0, 0),
        .requires = IF(TRACK_GE, GG_REFORM, 3),
        .effects = {RES(KZ, MONEY, 3),
                    INF_IF(SELF, ELITE, 1, IF(NOT_DONE_LAST, WE, GG_ACT_WE_SANCTIONS_CUSHION))},
        .text = "Compensate Kazakhstan for sanctions spillover; needs reform 3 or more. "
                "Elite +1, unless the West cushioned last turn too: compensation paid every "
                "year is taken for granted.",
        .source = "Mo22 L406-L408; design, tuned (the repeat)"},
    ACT(WE_PARTNERSHIP_EXERCISE){
        .id = "partnership_exercise",
        .name = "Partnership exercise",
        .seat = WE,
        .tier = 1,
        .step = GG_STEP_SECURITY,
        .flags = GG_AF_CONSENT,
        .tags = GG_TAG_SECURITY_IN_KZ,
        .cost = COST(1, 1, 0),
        .effects = {INF(SELF, SECURITY, 1), GLB(ESCALATION, 1)},
        .text = "NATO partnership exercise on Kazakh soil: security influence, escalation +1.",
        .source = "SO24 L141"},

    /* ---------------- Kazakhstan ---------------- */
    ACT(KZ_CONSENT){.id = "consent",
                    .name = "Consent",
                    .seat = KZ,
                    .tier = 0,
                    .step = GG_STEP_DIPLOMATIC,
                    .target = GG_TGT_POWER,
                    .cost = COST(0, 0, 0),
                    .effects = {CONSENT, TRK_IF(STABILITY, -1, IF(TRACK_GE, GG_SINOPHOBIA, 7))},
                    .text = "Allow one power's consent-needing moves this turn (fees are agreed in "
                            "deals). With sinophobia 7 or more, any consent costs stability 1.",
                    .source = "HB20 L21, L309; SO24 L101"},
    ACT(KZ_MULTI_VECTOR){
        .id = "multi_vector",
        .name = "Multi-vector diplomacy",
        .seat = KZ,
        .tier = 0,
        .step = GG_STEP_DIPLOMATIC,
        .cost = COST(0, 0, 2),
        .effects = {TRK_IF(SOVEREIGNTY, 1, IF(NO_HEGEMON, 0, 0)),
                    TRK_IF(STABILITY, 1, IF(NOT_DONE_LAST, KZ, GG_ACT_KZ_MULTI_VECTOR))},
        .text = "Balance the suitors: sovereignty +1 while no power leads three or more "
                "domains; stability +1 unless Kazakhstan did so last turn too (the calm it "
                "buys does not renew every year).",
        .source = "SO24 L97-L101; Mo22 L107; design, tuned (the repeat)"},
    ACT(KZ_LANGUAGE){.id = "kazakh_language",
                     .name = "Kazakh language and Latin script",
                     .seat = KZ,
                     .tier = 0,
                     .step = GG_STEP_SOFT,
                     .cost = COST(0, 0, 2),
                     .effects = {INF(RU, PUBLIC, -1), TRK(SOVEREIGNTY, 1)},
                     .text =
                         "Promote Kazakh and the Latin alphabet: Russia loses public influence, "
                         "sovereignty +1.",
                     .source = "SO24 L137, L175"},
    ACT(KZ_MODERNISATION){
        .id = "military_modernisation",
        .name = "Military modernisation",
        .seat = KZ,
        .tier = 0,
        .step = GG_STEP_SECURITY,
        .cost = COST(3, 0, 0),
        .effects = {RES(SELF, FORCE, 2), INF(RU, SECURITY, -1)},
        .text = "Buy and train beyond Russia: force +2, Russian security influence -1. "
                "Kazakhstan's only new force: it has no force income, it imports its arms.",
        .source = "Mo22 L344; Mo22 L257, L265 (the force is bought)"},
    ACT(KZ_SUBSIDIES){
        .id = "fuel_subsidies",
        .name = "Fuel subsidies",
        .seat = KZ,
        .tier = 0,
        .step = GG_STEP_ECONOMY,
        .cost = COST(3, 0, 0),
        .effects = {TRK(STABILITY, 1),
                    RES_IF(SELF, POLITICS, 1, IF(NOT_DONE_LAST, KZ, GG_ACT_KZ_SUBSIDIES))},
        .text = "Keep fuel cheap: stability +1, legitimacy +1 (the January 2022 unrest began "
                "when price caps were lifted). Renewed the next year it buys no legitimacy: "
                "a subsidy every year is taken for granted.",
        .source = "Mo22 L314; design, tuned (the repeat)"},
    ACT(KZ_CRACKDOWN){
        .id = "crackdown",
        .name = "Crackdown",
        .seat = KZ,
        .tier = 1,
        .step = GG_STEP_SECURITY,
        .cost = COST(0, 1, 1),
        .effects = {TRK(STABILITY, 2), TRK(REFORM, -1), INF(WE, ELITE, -1)},
        .text = "Suppress protest: stability +2, reform -1, the West loses elite standing.",
        .source = "Mo22 L382-L384"},
    ACT(KZ_NEW_KAZAKHSTAN){.id = "new_kazakhstan",
                           .name = "\"New Kazakhstan\" reform",
                           .seat = KZ,
                           .tier = 0,
                           .step = GG_STEP_SOFT,
                           .cost = COST(0, 0, 2),
                           .effects = {TRK(REFORM, 1), TRK(STABILITY, -1), INF(WE, ELITE, 1)},
                           .text =
                               "Political reform: reform +1, stability -1 now, Western approval.",
                           .source = "Mo22 L404"},
    ACT(KZ_REFUSE_DEMAND){
        .id = "refuse_demand",
        .name = "Refuse a demand",
        .seat = KZ,
        .tier = 1,
        .step = GG_STEP_DIPLOMATIC,
        .cost = COST(0, 0, 1),
        .effects = {TRK(SOVEREIGNTY, 1), INF(RU, ELITE, -1), GRATITUDE(-1)},
        .text = "Refuse a CSTO out-of-area mission or a recognition demand: sovereignty +1, "
                "Russia loses elite influence, a debt of gratitude is cancelled.",
        .source = "Mo22 L276, L342; SO24 L133-L135"},
    ACT(KZ_CASPIAN_COFUND){
        .id = "caspian_cofund",
        .name = "Co-fund the Caspian route",
        .seat = KZ,
        .tier = 0,
        .step = GG_STEP_ECONOMY,
        .tags = GG_TAG_ENERGY,
        .cost = COST(3, 0, 0),
        .effects = {RTE(CASPIAN, 1), TRK_IF(SOVEREIGNTY, 1, IF(GLOBAL_GE, GG_SANCTIONS, 1))},
        .text = "Pay for tankers and terminals across the Caspian: caspian route +1; "
                "sovereignty +1 once Russia is under sanctions (1 or more), when its "
                "transit is a lever and a route around it is independence.",
        .source = "SO24 L139; design, tuned (the sanctions condition)"},
    ACT(KZ_TURKIC){
        .id = "turkic_cooperation",
        .name = "Turkic cooperation",
        .seat = KZ,
        .tier = 1,
        .step = GG_STEP_SOFT,
        .cost = COST(0, 0, 1),
        .effects = {TRK_IF(DEVELOPMENT, 1, IF(TRACK_LE, GG_DEVELOPMENT, 5)),
                    TRK_IF(SOVEREIGNTY, 1, IF(GLOBAL_GE, GG_SANCTIONS, 2))},
        .text = "Work with Turkey and the Organization of Turkic States: development +1 while "
                "it is 5 or less; sovereignty +1 once Russia is under heavy sanctions (2 or "
                "more).",
        .source = "Mo22 L412"},
    ACT(KZ_ELITE_PURGE){
        .id = "elite_purge",
        .name = "Elite purge",
        .seat = KZ,
        .tier = 1,
        .step = GG_STEP_DIPLOMATIC,
        .cost = COST(0, 0, 1),
        .effects = {RES(SELF, POLITICS, 3), TRK(SOVEREIGNTY, 1), INF(CN, ELITE, -1),
                    INF(RU, ELITE, -1)},
        .text = "Remove the old guard's clans, China's and Russia's contacts: legitimacy +3, "
                "sovereignty +1, China and Russia lose elite influence (and Kazakhstan the "
                "ties it scores).",
        .source = "SO24 L117, L155; design, tuned (sovereignty +1 where stability -1 was: since "
                  "rules v25 the ties it cuts cost Kazakhstan points, BALANCE.md section 0)"},
    ACT(KZ_DEVELOPMENT){
        .id = "development_programme",
        .name = "National development programme",
        .seat = KZ,
        .tier = 0,
        .step = GG_STEP_ECONOMY,
        .cost = COST(9, 0, 1),
        .requires = IF(TRACK_GE, GG_STABILITY, 6),
        .effects = {TRK_IF(DEVELOPMENT, 1, IF(TRACK_LE, GG_DEVELOPMENT, 3)), TRK(DEVELOPMENT, 1)},
        .text = "Spend oil money at home (Nurly Zhol roads, housing, industry): development "
                "+2 while it is 3 or less, then +1. Only while stability is 6 or more: "
                "investment needs calm. It costs more money than legitimacy: where a full "
                "treasury goes.",
        .source = "Mo22 L177; SO24 L101; design, tuned (the cost: Kazakhstan's budget sink)"},

    /* ---------------- any seat ---------------- */
    ACT(ANY_TRANSFER){.id = "transfer",
                      .name = "Transfer",
                      .seat = GG_SEATS,
                      .tier = 0,
                      .step = GG_STEP_DIPLOMATIC,
                      .target = GG_TGT_SEAT,
                      .cost = COST(0, 0, 0),
                      .effects = {TRANSFER},
                      .text = "Give resources to another seat (pays a deal in non-binding games).",
                      .source = "design (GAME_DESIGN.md §7)"},
};
