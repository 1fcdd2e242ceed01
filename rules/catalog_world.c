/* catalog_world.c — projects, accords, crisis responses and events as data
 * (GAME_DESIGN.md §2, §3.6, §5, §7). Effects with who = SELF refer to the
 * project's owner or, for events and accords, are not used. */
#include "catalog.h"

/* ---------------- projects ---------------- */

const gg_project_def gg__projects[GG_PROJECTS] = {
    [GG_PRJ_KHORGOS] = {
        .id = "khorgos", .name = "Khorgos dry port and rail", .builders = 1 << CN,
        .turns = 2, .cost = 4,
        .on_done = {INF(SELF, ECONOMY, 1), TRK(DEVELOPMENT, 2)},
        .yearly = {RES(SELF, MONEY, 1), TRK(DEVELOPMENT, 1)},
        .text = "The dry port on the Chinese border: Yiwu-London by rail in 18-20 days "
                "instead of 40 by sea.",
        .source = "Mo22 L187"},
    [GG_PRJ_CHINA_PIPELINE] = {
        .id = "china_pipeline", .name = "Kazakhstan-China pipeline expansion",
        .builders = 1 << CN, .turns = 2, .cost = 4,
        .on_done = {RTE(EAST, 3), INF(SELF, ECONOMY, 1)},
        .yearly = {RES(SELF, MONEY, 1)},
        .text = "More capacity east to Xinjiang (the line carries 400,000 bbl/day): east "
                "route +3.",
        .source = "Mo22 L227; M17 L663"},
    [GG_PRJ_ATYRAU_PETROCHEM] = {
        .id = "atyrau_petrochem", .name = "Atyrau petrochemical complex",
        .builders = 1 << CN, .turns = 3, .cost = 4,
        .on_done = {TRK(DEVELOPMENT, 2), INF(SELF, ELITE, 1)},
        .yearly = {RES(KZ, MONEY, 1), TRK(DEVELOPMENT, 1)},
        .text = "A $2.6 bn joint venture in a tax-free zone: development, Kazakh budget.",
        .source = "Mo22 L191"},
    [GG_PRJ_CPC_EXPANSION] = {
        .id = "cpc_expansion", .name = "Caspian Pipeline Consortium expansion",
        .builders = (1 << RU) | (1 << WE), .turns = 2, .cost = 4,
        .on_done = {RTE(NORTH, 2), INF(SELF, ECONOMY, 1)},
        .yearly = {RES(SELF, MONEY, 1)},
        .text = "More capacity on the northern line through Russia to Novorossiysk: north "
                "route +2.",
        .source = "Mo22 L211"},
    [GG_PRJ_TRANS_CASPIAN] = {
        .id = "trans_caspian", .name = "Trans-Caspian corridor", .builders = 1 << WE,
        .turns = 3, .cost = 5,
        .on_done = {RTE(CASPIAN, 3), TRK(SOVEREIGNTY, 1), INF(SELF, ECONOMY, 1)},
        .yearly = {RES(SELF, MONEY, 1)},
        .text = "Tankers and pipes across the Caspian to Baku-Tbilisi-Ceyhan, the EU "
                "Connectivity route: caspian +3.",
        .source = "HB20 L22-L24; SO24 L139"},
};

/* ---------------- accords ---------------- */

const gg_accord_def gg__accords[GG_ACCORDS] = {
    [GG_ACC_SPHERES] = {
        .id = "spheres", .name = "Spheres accord", .parties = (1 << CN) | (1 << RU),
        .turns = 3, .on_sign = {GLB(ESCALATION, -1), GLB(TRUST, 1)},
        .text = "Russia leads security, China the economy: escalation -1, trust +1; while in "
                "force Chinese arms sales do not escalate.",
        .source = "Mo22 L348-L350; HB20 L144"},
    [GG_ACC_EAEU_BRI] = {
        .id = "eaeu_bri_conjunction", .name = "EAEU-BRI conjunction",
        .parties = (1 << CN) | (1 << RU), .turns = 3,
        .requires = IF(INSTITUTION, GG_INST_EAEU, 0),
        .on_sign = {GLB(TRUST, 1), GLB(ESCALATION, -1), TRK(DEVELOPMENT, 1)},
        .text = "Align the Eurasian Economic Union with the Belt and Road (needs the EAEU): "
                "trust +1, escalation -1, development +1.",
        .source = "Mo22 L239-L245; HB20 L164, L174"},
    [GG_ACC_ENERGY_CONTRACT] = {
        .id = "energy_contract", .name = "Long-term energy contract",
        .parties = (1 << CN) | (1 << RU), .turns = 3,
        .on_sign = {RES(RU, MONEY, 3), RES(CN, MONEY, -1), GLB(TRUST, 1)},
        .text = "A Power-of-Siberia style deal: Russia gains capital, trust +1.",
        .source = "Mo22 L233"},
    [GG_ACC_SCO_SUMMIT] = {
        .id = "sco_summit", .name = "SCO summit", .parties = (1 << CN) | (1 << RU),
        .turns = 1, .on_sign = {GLB(ESCALATION, -2), GLB(TRUST, 1)},
        .text = "Leaders meet under the SCO: escalation -2, trust +1.",
        .source = "D18 L138"},
    [GG_ACC_DEBT_RESTRUCTURING] = {
        .id = "debt_restructuring", .name = "Debt restructuring",
        .parties = (1 << CN) | (1 << KZ), .turns = 1,
        .requires = IF(TRACK_GE, GG_DEBT, 1),
        .on_sign = {TRK(DEBT, -2), INF(CN, ELITE, 1), RES(CN, MONEY, -1)},
        .text = "China reschedules Kazakh debt: debt -2, Chinese elite influence +1.",
        .source = "HB20 L311-L314; design"},
    [GG_ACC_REFORM_ENGAGEMENT] = {
        .id = "reform_for_engagement", .name = "Reform for engagement",
        .parties = (1 << WE) | (1 << KZ), .turns = 2,
        .on_sign = {TRK(REFORM, 1), INF(WE, ELITE, 1), RES(KZ, MONEY, 2), RES(WE, MONEY, -2)},
        .text = "Kazakhstan reforms, the West pays: reform +1, budget +2, Western elite "
                "influence +1.",
        .source = "Mo22 L404-L408"},
    [GG_ACC_HEDGE] = {
        .id = "hedge", .name = "Hedge offer", .parties = (1 << WE) | (1 << RU), .turns = 2,
        .requires = IF(ASYM_GE, GG_ASYM_JUNIOR, 0),
        .on_sign = {GLB(SANCTIONS, -1), GLB(TRUST, -2), RES(RU, MONEY, 2)},
        .text = "The West courts a junior-partner Russia (only while Russia is junior): "
                "sanctions -1, trust -2.",
        .source = "HB20 L20, L176"},
};

/* ---------------- crisis responses ---------------- */

const gg_response_def gg__responses[GG_RESPONSES] = {
    [GG_RSP_CSTO] = {
        .id = "request_csto", .name = "Request a CSTO intervention",
        .requires = IF(RES_GE, (RU << 4) | GG_FORCE, 2),
        .effects = {TRK(STABILITY, 3), INF(RU, SECURITY, 1), INF(RU, ELITE, 1),
                    TRK(SOVEREIGNTY, -1), GRATITUDE(1), RES(RU, FORCE, -2)},
        .text = "Russian-led troops restore order (needs Russia to have 2 force, which it spends): stability +3, "
                "Russia gains security and elite, sovereignty -1, and Russia holds a debt of "
                "gratitude.",
        .source = "Mo22 L101-L103, L316; SO24 L115"},
    [GG_RSP_SURVEILLANCE] = {
        .id = "chinese_surveillance", .name = "Accept a Chinese surveillance package",
        .effects = {TRK(STABILITY, 2), INF(CN, ELITE, 1), TRK(REFORM, -1), INF(WE, ELITE, -1),
                    RES(CN, MONEY, -1)},
        .text = "China supplies the means of control: stability +2, China elite +1, reform "
                "-1.",
        .source = "Mo22 L308, L326"},
    [GG_RSP_REFORM] = {
        .id = "western_reform_package", .name = "Ask the West for a reform package",
        .effects = {TRK(STABILITY, 1), TRK(REFORM, 1), INF(WE, ELITE, 1), INF(WE, PUBLIC, 1),
                    RES(KZ, MONEY, 2)},
        .text = "Answer protest with reform and Western money: stability +1, reform +1, "
                "budget +2.",
        .source = "Mo22 L404-L408"},
    [GG_RSP_ALONE] = {
        .id = "handle_alone", .name = "Handle it alone",
        .effects = {TRK(STABILITY, 2), TRK(SOVEREIGNTY, 1), RES(KZ, FORCE, -1),
                    RES(KZ, POLITICS, -1)},
        .text = "Restore order with Kazakh forces: stability +2, sovereignty +1, force and "
                "legitimacy -1.",
        .source = "SO24 L117; design"},
};

/* ---------------- events ---------------- */

#define ERA13 1
#define ERA22 2

const gg_event_def gg__events[] = {
    {.id = "quiet_year", .name = "A quiet year", .eras = ERA13 | ERA22,
     .text = "Nothing of note happens.", .source = "design"},
    {.id = "bri_announced", .name = "Belt and Road announced in Astana", .year = 2013,
     .eras = ERA13, .effects = {INST(BRI, 1), INF(CN, ECONOMY, 1), INF(CN, ELITE, 1)},
     .text = "Xi Jinping announces the Silk Road Economic Belt at Nazarbayev University.",
     .source = "HB20 L180; Mo22 L179"},
    {.id = "crimea", .name = "Annexation of Crimea", .year = 2014, .eras = ERA13,
     .effects = {GLB(SANCTIONS, 1), TRK(SOVEREIGNTY, -1), INF(RU, PUBLIC, -1), GLB(TRUST, 1),
                 GLB(ESCALATION, 1)},
     .text = "Sanctions +1; Kazakhs fear for the north; Russia turns to China.",
     .source = "SO24 L141, L151; Mo22 L280, L336"},
    {.id = "oil_crash", .name = "Oil price crash", .year = 2015, .eras = ERA13,
     .effects = {GLB(OIL_PRICE, -2), RES(RU, MONEY, -2), RES(KZ, MONEY, -2),
                 INF(RU, ECONOMY, -1)},
     .text = "Oil falls to low; Russia and Kazakhstan lose income; EAEU partners quarrel.",
     .source = "Mo22 L91; M17 L757"},
    {.id = "eaeu_launched", .name = "EAEU launched; EAEU-BRI alignment", .year = 2015,
     .eras = ERA13, .effects = {INST(EAEU, 1), EAEU(1), ACCORD(EAEU_BRI, 3), GLB(TRUST, 1)},
     .text = "The Eurasian Economic Union starts and Moscow and Beijing declare its "
             "conjunction with the Belt and Road.",
     .source = "HB20 L164, L172"},
    {.id = "land_protests", .name = "Land-code protests", .year = 2016, .eras = ERA13,
     .effects = {TRK(SINOPHOBIA, 2), TRK(STABILITY, -1)},
     .text = "Rumours that land will be leased to Chinese farmers bring crowds to the "
             "streets.",
     .source = "M17 L713; Mo22 L376"},
    {.id = "csto_syria", .name = "CSTO Syria request", .year = 2017, .eras = ERA13,
     .effects = {TRK(SOVEREIGNTY, 1), INF(RU, ELITE, -1)},
     .text = "Moscow asks for Kazakh troops in Syria; Astana declines.",
     .source = "Mo22 L276"},
    {.id = "xinjiang_revelations", .name = "Xinjiang revelations", .year = 2018,
     .eras = ERA13, .effects = {TRK(SINOPHOBIA, 2), INF(CN, PUBLIC, -1)},
     .text = "Ethnic Kazakhs tell of the camps in Xinjiang.",
     .source = "Mo22 L380-L384"},
    {.id = "trade_war", .name = "US-China trade war", .year = 2018, .eras = ERA13,
     .effects = {GLB(TRUST, 1), RES(KZ, MONEY, 1)},
     .text = "Beijing buys Kazakh wheat instead of American; China and Russia draw closer.",
     .source = "Mo22 L187; HB20 L80"},
    {.id = "nazarbayev_steps_down", .name = "Nazarbayev steps down", .year = 2019,
     .eras = ERA13, .effects = {TRK(STABILITY, -1), TRK(REFORM, 1)},
     .text = "Tokayev becomes president; the First President keeps his posts.",
     .source = "SO24 L111"},
    {.id = "oil_rebound", .name = "Oil prices recover", .year = 2021, .eras = ERA13,
     .effects = {GLB(OIL_PRICE, 1)},
     .text = "Hydrocarbon revenue, the rentier state's lifeblood, returns.",
     .source = "SO24 L103-L107"},
    {.id = "january_unrest", .name = "January 2022 unrest", .year = 2022,
     .eras = ERA13 | ERA22, .crisis = 1, .effects = {TRK(STABILITY, -4)},
     .text = "Fuel price protests turn violent: a crisis step follows this turn.",
     .source = "Mo22 L314-L316; SO24 L113-L117"},
    {.id = "ukraine_invasion", .name = "Invasion of Ukraine", .year = 2022,
     .eras = ERA13 | ERA22,
     .effects = {GLB(SANCTIONS, 2), INF(RU, PUBLIC, -1), TRK(SOVEREIGNTY, -1),
                 RES(RU, MONEY, -2), RES(RU, FORCE, -2), GLB(OIL_PRICE, 1), GLB(ESCALATION, 1)},
     .text = "Sanctions +2; Russia strains its forces and loses Kazakh sympathy.",
     .source = "SO24 L133-L155; Mo22 L332-L344"},
    {.id = "non_recognition", .name = "Tokayev's non-recognition", .year = 2022,
     .eras = ERA13 | ERA22, .effects = {TRK(SOVEREIGNTY, 1), INF(RU, ELITE, -1)},
     .text = "In St Petersburg Tokayev refuses to recognise the Donbas 'republics'.",
     .source = "SO24 L133-L135"},
    {.id = "export_cuts", .name = "Russian export cuts", .year = 2022, .eras = ERA13 | ERA22,
     .effects = {SHUT(NORTH, 1), RTE(NORTH, -1), RTE(CASPIAN, 1), INF(WE, ELITE, 1)},
     .text = "The CPC terminal is stopped on technicalities; Astana turns to the Caspian.",
     .source = "SO24 L139"},
    {.id = "language_at_putin", .name = "Kazakh at Putin's visit", .year = 2023,
     .eras = ERA13 | ERA22, .effects = {INF(RU, PUBLIC, -1), TRK(SOVEREIGNTY, 1)},
     .text = "Tokayev greets Putin in Kazakh.", .source = "SO24 L137"},
    {.id = "eu_oil_ban", .name = "EU oil ban", .eras = ERA13 | ERA22,
     .requires = IF(GLOBAL_GE, GG_SANCTIONS, 2),
     .effects = {RES(RU, MONEY, -2), INF(WE, ECONOMY, 1), RES(KZ, MONEY, 1)},
     .text = "Europe stops buying Russian oil and looks for Kazakh barrels.",
     .source = "Mo22 L171, L430-L432"},
    {.id = "eu_transit_ban", .name = "EU transit ban", .eras = ERA13 | ERA22,
     .requires = IF(GLOBAL_GE, GG_SANCTIONS, 2),
     .effects = {RTE(NORTH, -1), RTE(CASPIAN, 1), RES(KZ, MONEY, -1)},
     .text = "Transit through Russia becomes harder; some capacity moves to the Caspian.",
     .source = "Mo22 L430-L432"},
    {.id = "chinese_base_tajikistan", .name = "Chinese base in Tajikistan",
     .eras = ERA13 | ERA22,
     .effects = {INF(CN, SECURITY, 1), GLB(ESCALATION, 1), GLB(TRUST, -1)},
     .text = "China's first security outpost in Russia's backyard.", .source = "HB20 L188"},
    {.id = "taliban_spillover", .name = "Taliban spillover", .eras = ERA13 | ERA22,
     .effects = {TRK(STABILITY, -1), INF(RU, SECURITY, 1)},
     .text = "Unrest from Afghanistan: the CSTO looks useful again.", .source = "SO24 L47"},
    {.id = "world_order_shift", .name = "World-order shift", .eras = ERA13 | ERA22,
     .effects = {GLB(TRUST, -1), GLB(ESCALATION, 1), INF(WE, ELITE, -1)},
     .text = "The world order shifts: Russia-China disputes over Central Asian energy "
             "sharpen (trust -1, escalation +1) and the West matters less.",
     .source = "SO24 L224"},
    {.id = "reconciliation", .name = "Russia-West reconciliation", .eras = ERA13 | ERA22,
     .requires = IF(GLOBAL_GE, GG_SANCTIONS, 1),
     .effects = {GLB(SANCTIONS, -1), GLB(TRUST, -1), GLB(ESCALATION, -1)},
     .text = "A thaw between Russia and the West; the Sino-Russian embrace loosens.",
     .source = "M17 L871-L873"},
    {.id = "oil_spike", .name = "Oil price spike", .eras = ERA13 | ERA22,
     .requires = IF(GLOBAL_LE, GG_OIL_PRICE, 1), .effects = {GLB(OIL_PRICE, 1)},
     .text = "Oil rises one step.", .source = "SO24 L103-L107, L191"},
    {.id = "oil_slump", .name = "Oil price slump", .eras = ERA13 | ERA22,
     .requires = IF(GLOBAL_GE, GG_OIL_PRICE, 1), .effects = {GLB(OIL_PRICE, -1)},
     .text = "Oil falls one step.", .source = "SO24 L103-L107, L191"},
    {.id = "good_harvest", .name = "Record grain harvest", .eras = ERA13 | ERA22,
     .effects = {RES(KZ, MONEY, 1), TRK(STABILITY, 1)},
     .text = "Wheat exports fill the budget.", .source = "Mo22 L187; design"},
};

const int gg__event_count = (int)(sizeof(gg__events) / sizeof(gg__events[0]));
