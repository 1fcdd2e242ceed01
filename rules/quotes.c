/* quotes.c — the evidence behind the rules (GAME_DESIGN.md §13 "evidence
 * you can read"): the five papers, and for every paper line a rule cites a
 * short verbatim quote (<= 200 characters) from that line, as plain text
 * (the papers' Markdown "*" and the "\" of "\$" dropped). A quote begins and ends a
 * sentence, or marks the words it leaves out with "…" (never a silent cut).
 * Briefings, the debrief and RULES.md print the quote beside the citation;
 * the `sources` test checks that every citation in every rule table has a
 * quote here, its shape, and that each quote appears in its paper within two
 * lines of the cited line (the pieces between ellipses, in order).
 * Quotes that do not bear the rule out are evidence too: fix the rule. */
#include <string.h>

#include "internal.h"

static const gg_paper papers[] = {
    {"M17",
     "Marutyan 2017, The \"Great Game\" of the 21st Century: the Contest for Central Asia "
     "between China and Russia (MA thesis, Aalborg)",
     "000_8a413f04b8e15002.txt"},
    {"SO24",
     "Santiago Orti 2024, Russia and China struggle in Central Asia. The case of "
     "Kazakhstan (IEEE journal)",
     "001_d63b5d30f6c29f03.txt"},
    {"Mo22", "Mosher 2022, Tracks, Troops, and Treaties (honors thesis, W&L)",
     "002_66eaf037ecb8c9af.txt"},
    {"D18", "Donovan 2018, The Sino-Russian Embrace: Resiliently Asymmetrical (honors thesis, PSU)",
     "003_3fdb1ea38e423eba.txt"},
    {"HB20",
     "Hofstee & Broeders 2020, Multi-dimensional chess: Sino-Russian relations in Central "
     "Asia (Clingendael)",
     "004_1602d2cb396aa914.txt"},
};

/* Sorted by paper (in the order above), then line. */
static const gg_quote quotes[] = {
    {"M17", 478,
     "Both countries participated in large-scale anti-terrorist maneuvers in 2006, "
     "known as the “Tian-Shan-1-2006” (Sputnik, 2016)."},
    {"M17", 619,
     "An even more important factor, one that directly contributes to the prevalence "
     "of Russian media consumed in Kazakhstan is the widespread knowledge of Russian."},
    {"M17", 663,
     "Considering the ample growth of China's energy appetites, expansion into the "
     "Central Asian region was a given."},
    {"M17", 697,
     "…to the world, through various channels: Confucius Institutes, educational "
     "media aimed at English-speaking audiences, culture exchanges, university "
     "exchanges, scholarships, and many more initiatives."},
    {"M17", 713,
     "…the previous section, Kazakhstan has had societal backlash and Sinophobic "
     "rhetoric in the form of protests against a legislation that aimed the "
     "increase the lease on farming land from 10 to 25 years."},
    {"M17", 725,
     "China and Kazakhstan have signed a deal totaling $30bln dollars, which "
     "includes the twofold increase in size of the already existing oil pipeline "
     "between Kazakhstan and China…"},
    {"M17", 757,
     "It should be noted that the sharp decrease in 2015 is attributed to the drastic "
     "decrease in the price of oil due to the oil crisis of 2014, and not a decrease "
     "in trade."},
    {"M17", 790,
     "…technology to China in the past, on the account of China's alleged "
     "reverse engineering of their technology and the growing power of the "
     "country, the situation seemed to have changed completely."},
    {"M17", 871,
     "Should Russia return to good graces with the West, its options drastically "
     "improve and China's leverage will be severely hampered."},
    {"SO24", 47,
     "…a shared goal of both countries, requires cooperation and agreements on "
     "security and military matters due to the geographical proximity to trouble "
     "spots such as Taliban extremism in Afghanistan."},
    {"SO24", 55,
     "…Xi Jinping, which seeks to connect China with European markets through "
     "Central Asia, has consolidated China's position as the main economic and "
     "trade partner and the largest investor in the region."},
    {"SO24", 97,
     "Kazakhstan has pursued a foreign policy of multi-vector diplomacy since its "
     "independence following the dissolution of the Soviet Union."},
    {"SO24", 101,
     "…has historically been a magnet for foreign investment, especially due to "
     "its considerable energy reserves, which have positioned it as one of the "
     "most important economic players in the region."},
    {"SO24", 103,
     "Moreover, it is a clear example of a rentier state, where the economy has been "
     "subordinated to political interests."},
    {"SO24", 111,
     "This was the case with President Nazarbayev, who led the country from the "
     "Soviet era until 2019, making him one of the longest-serving leaders in Central "
     "Asia."},
    {"SO24", 113,
     "…was the mass protest in early 2022 by a significant part of the "
     "population in Zhanaozen against the increase in the price of liquefied "
     "petroleum gas (LPG), commonly used as a fuel in Central Asia."},
    {"SO24", 115,
     "…of lives and significant purges in the government, affecting important "
     "figures linked to Nazarbayev, including the former president himself, who "
     "was removed from Kazakhstan's Security Council."},
    {"SO24", 117,
     "Many experts point out that Tokayev handled these protests skilfully, blaming "
     "his predecessor for the social unrest and revoking the lifetime positions he "
     "held."},
    {"SO24", 121,
     "The paradigm shift in Kazakh politics, where Tokayev has emerged as a central "
     "figure, has marked a new era in the nation."},
    {"SO24", 133,
     "Tokayev … that just as he does not recognise the … separatist regions of "
     "Abkhazia and South Ossetia, he would maintain … the same position should "
     "Lugansk and Donetsk … be granted similar status."},
    {"SO24", 137,
     "At the end of the same year, Tokayev used the Kazakh language instead of "
     "Russian (the latter being coofficial in Kazakhstan) during Putin's official "
     "visit to the country."},
    {"SO24", 139,
     "As a result, there has been an increase in the volume of the Trans-Caspian "
     "Canal, using Azerbaijan as a route to connect to the BTC (Baku-Tbilisi-Ceyhan) "
     "and reach European markets."},
    {"SO24", 141,
     "…common security partnership, the CSTO, Kazakhstan has once again shown "
     "defiance by conducting military exercises with NATO and refusing to "
     "purchase Russian weaponry (Vanderhill et al., 2020)."},
    {"SO24", 143,
     "…a significant challenge for Russia because of the loss of a vital ally, "
     "increasingly close to China, but also because Kazakhstan is the main "
     "gateway to the rest of the Central Asian republics."},
    {"SO24", 151,
     "…which mitigated the risks of secession in the north of the country and "
     "promoted peaceful coexistence between two distinct ethnic groups, was "
     "disrupted in 2014 with Russia's annexation of Crimea."},
    {"SO24", 153, "Kazakhstan does not want to become another Belarus."},
    {"SO24", 155,
     "Moreover, Russia's fragility because of the protracted conflict with Kiev would "
     "rule out the idea of opening new fronts."},
    {"SO24", 161,
     "These instruments include cooperative approaches, public diplomacy, the Russian "
     "language, education and the media (Hudson, 2022)."},
    {"SO24", 175,
     "Other significant and less subtle manifestations include the switch to the "
     "Latin alphabet, scheduled prior to the current crisis, and the limitation "
     "of Russian propaganda through the Kazakh media…"},
    {"SO24", 191,
     "…the country's economic engine is the country's large exports of natural "
     "resources, mainly oil and oil products, which account for more than half "
     "of the total monetary value…"},
    {"SO24", 222,
     "Reversing this mentality requires a reversal of domestic policies in the "
     "Xinjiang region, as well as investments that benefit both Chinese interests and "
     "Kazakh citizens."},
    {"SO24", 224,
     "While Moscow and Beijing are unlikely to publicly highlight their differences, "
     "disputes could intensify in future scenarios if significant changes in the "
     "world order occur."},
    {"Mo22", 77,
     "While still in existence today, CIS is deemed a failure not only by the rest of "
     "the world but also by CIS members themselves, including Russia."},
    {"Mo22", 91,
     "…reaction to Moscow's actions in Crimea and eastern Ukraine and the "
     "shooting down of Malaysian Airlines Flight 17 in July 2014 hampered "
     "Russia's ability to stimulate economic growth within the EAEU."},
    {"Mo22", 101,
     "CSTO was officially founded in 2002, transitioning from the Collective Security "
     "Treaty, the ineffective defense agreement within CIS."},
    {"Mo22", 107,
     "…holding deep historical, political, and economic ties with Russia, "
     "President Nazarbayev reasoned that overreliance on one power would be "
     "dangerous and possibly threaten the sovereignty of Kazakhstan."},
    {"Mo22", 125,
     "Investing in Kazakhstan's transport infrastructure will greatly increase the "
     "efficiency of Chinese goods transiting this corridor."},
    {"Mo22", 145,
     "Through this market integration, EAEU countries will likely develop greater "
     "dependence on one another which greatly benefits Russia."},
    {"Mo22", 165,
     "Although this is a disadvantage for Russia, the common gas market will also "
     "give Russian companies increased access to gas infrastructure in other member "
     "states."},
    {"Mo22", 171,
     "…the common energy market was an economic concession by Russia that would "
     "provide benefits to other EAEU member states, exhibiting Moscow's "
     "willingness to sacrifice economic success…"},
    {"Mo22", 177,
     "…Nurlı Zhol, former President Nursultan Nazarbayev's modernization plan to "
     "bring Kazakhstan into the top 30 most developed countries in the world by "
     "2050 through infrastructural development…"},
    {"Mo22", 179,
     "Therefore, in 2015, President Nazarbayev signed a framework agreement for the "
     "cooperation of Nurly Zhol and the Belt and Road Initiative in Kazakhstan."},
    {"Mo22", 181,
     "Decreasing cargo due to private companies opting not to do business "
     "through Russia will be injurious to both Kazakhstan and China on its own "
     "but would pale in comparison to the economic damage…"},
    {"Mo22", 187,
     "…China to London by sea now takes 18-20 days by rail.⁴³ Khorgos also "
     "connects Kazakhstan with the Chinese port city of Lianyungang on the "
     "Yellow Sea, the closest seaport for landlocked Kazakhstan."},
    {"Mo22", 191,
     "The complex is a joint venture between Kazakhstan Petrochemical Industries Inc."},
    {"Mo22", 197,
     "Kazakhstan owes China $10 billion, however, this is less than 6.2% of "
     "external debt and represents a 33% decrease in debt to China since 2014.⁴⁹"},
    {"Mo22", 211,
     "…about 85% of Kazakhstani oil and almost all of its natural gas exports "
     "transited through Russia to other markets."},
    {"Mo22", 221,
     "…and investments accounted for over 25% of oil and gas production in "
     "Kazakhstan.⁵⁴ China's increased appetite for energy imports comes from "
     "President Xi's hope to transition away from coal power."},
    {"Mo22", 223,
     "China has relied on oil imports from the Middle East which are transported by "
     "sea."},
    {"Mo22", 227,
     "Kazakhstan and China also agreed on the creation of the Kazakhstan-China oil "
     "pipeline, connecting Kazakhstan's oil fields with Xinjiang."},
    {"Mo22", 233,
     "In 2014, China and Russia agreed to create the Power of Siberia gas pipeline "
     "running from eastern Siberia to China."},
    {"Mo22", 239,
     "…called for greater integration between the countries' two economic "
     "strategies saying, \"We need to deepen the collaboration between the Belt "
     "and Road Initiative and the Eurasian Economic Union...\"⁶⁵"},
    {"Mo22", 253,
     "Although Russia sees Kazakhstan as within its sphere of influence, it cannot "
     "match the sheer scale of China's economic influence through the Belt and Road "
     "Initiative."},
    {"Mo22", 257,
     "The threat posed by Moscow complicates Nur-Sultan's security predicament given "
     "Kazakhstan's reliance on Russia for arms trade and military education."},
    {"Mo22", 265, "Kazakhstan receives the majority of its arms imports from Russia."},
    {"Mo22", 276,
     "Moscow saw this as an important step for the organization as it would be CSTO's "
     "first mission outside the former Soviet Union."},
    {"Mo22", 280,
     "In 2014 during a special summit convened by Russia after it annexed Crimea, "
     "Moscow garnered approval from fellow member states to recognize the legitimacy "
     "of the Crimean referendum."},
    {"Mo22", 294,
     "…these increases, China has only provided 1.1% of Kazakhstan's arms "
     "imports since 1991, putting it behind Russia, Europe, Ukraine, Israel, and "
     "the US (which provides mostly aircraft to Kazakhstan).⁷⁸"},
    {"Mo22", 300,
     "Over the past ten years, Russia's arms trade has remained relatively constant "
     "at around 60% of all Central Asian military imports."},
    {"Mo22", 308,
     "…President Tokayev lauded China's surveillance technology, asserting that "
     "China's use of facial recognition and ability to track citizens' biometric "
     "and medical data should be a model for Kazakhstan…"},
    {"Mo22", 314,
     "In January 2022, protests broke out across Kazakhstan over a 100% increase in "
     "fuel prices after Kazakhstan's government removed its artificial price cap."},
    {"Mo22", 316,
     "…provide the latter with the necessary aid, including military.\" Soon "
     "after, 2,500 CSTO peacekeepers, the vast majority of which were from "
     "Russia, deployed to Kazakhstan to put down the protests."},
    {"Mo22", 326,
     "…receives the spotlight for its role as a \"stabilizer\" and China stands "
     "back, quietly aiding Nursultan in its creation of an oppressive "
     "surveillance state to ensure greater stability in the future."},
    {"Mo22", 332,
     "On February 24, 2022, Russia launched a massive invasion of Ukraine, in what it "
     "calls a “special military operation” to “denazify” Ukraine."},
    {"Mo22", 336,
     "In 2014 after the annexation of Crimea, Putin questioned Kazakh "
     "independence, saying “The Kazakhs never had any statehood” and that it "
     "would do well to “remain in the greater Russian world.”⁸⁸"},
    {"Mo22", 338,
     "Due to Kazakhstan’s preference for a multivector foreign policy, the threat of "
     "Russian aggression in an attempt to prevent Kazakhstan from growing closer to "
     "the West is a realistic possibility."},
    {"Mo22", 342,
     "The government even permitted pro-Ukrainian rallies in Almaty, its largest "
     "city, and abstained from voting to condemn Russia in the UN."},
    {"Mo22", 344,
     "The modernization will also include the restructuring of law enforcement "
     "agencies, national security agencies, and intelligence services."},
    {"Mo22", 348,
     "This is a nonissue for Beijing, however, given Russia's already solidified "
     "position in Kazakhstan's security sphere."},
    {"Mo22", 352,
     "Russian destabilization of Kazakhstan would almost certainly be a red line for "
     "China as instability is the worst-case scenario for its investments and "
     "transport hubs in Kazakhstan."},
    {"Mo22", 362,
     "Russia is the prime destination for Kazakhstani students hoping to study "
     "abroad. In 2018, 69,000 of the 89,000 Kazakhstani students studying abroad "
     "were located in Russia.⁹⁰"},
    {"Mo22", 368,
     "Russian pop culture is very popular in Kazakhstan whose population is "
     "interested in Russian literature, bloggers, and celebrities."},
    {"Mo22", 376,
     "In 2019, protests in major Kazakhstani cities broke out objecting to "
     "legislative changes allowing foreigners to lease land for up to 25 years when "
     "former legislation only allowed 10 years."},
    {"Mo22", 380,
     "The largest ethnic population of these Muslims are Uyghurs, followed by Kazakhs."},
    {"Mo22", 382,
     "Kazakhstani authorities, however, have shown little patience for such "
     "demonstrations, cracking down on protestors and human rights groups that speak "
     "out on the issue."},
    {"Mo22", 388,
     "Therefore, the small group of elites must do everything they can to posture "
     "themselves as the rightful leaders."},
    {"Mo22", 396,
     "Due to the current political realities in Kazakhstan, however, these "
     "criticisms, if kept from the public at large, are not of concern to Nur-Sultan."},
    {"Mo22", 404,
     "In his State of the Union Address in March 2022, President Tokayev laid out his "
     "plan to reform Kazakhstan's political institutions."},
    {"Mo22", 406,
     "The US and Kazakhstan are also in close talks to support Kazakhstan in "
     "avoiding the hardships caused indirectly by Western sanctions against "
     "Russia due to Kazakhstan's close economic ties to Moscow."},
    {"Mo22", 412,
     "They are both founding members of the Organization of Turkic States, an "
     "intergovernmental organization striving for the continued cooperation of "
     "nations sharing common Turkic roots."},
    {"Mo22", 416,
     "China is the country that has the money and support to provide Nur-Sultan’s "
     "leaders with the stability, wealth, and prestige they desire."},
    {"Mo22", 420,
     "The overlapping Chinese and Russian interests in Kazakhstan lead many to "
     "believe it will be a point of contention for Beijing and Moscow."},
    {"Mo22", 422,
     "…Russia has much to benefit from Chinese influence in Kazakhstan, the fact "
     "that it is a secondary actor to the much more powerful China will likely "
     "cause Moscow's influence in Kazakhstan to decline."},
    {"Mo22", 430, "A major milestone would be the EU's official ban on oil imports from Russia."},
    {"Mo22", 432,
     "…the West, distancing itself even further from Moscow and shifting its new "
     "transport infrastructure to facilitate trade routes that avoid Russian "
     "territory, further detaching its economy from Moscow."},
    {"Mo22", 434,
     "A greater American presence will also irritate Moscow which will see it as a "
     "Western attempt to surround and isolate Russia."},
    {"D18", 122,
     "Early on China looked towards Russia to modernize its outmoded military "
     "equipment."},
    {"D18", 136,
     "…equilibrium towards China can be measured in the number of energy "
     "agreements that it strikes with Central Asian states, as it has with both "
     "Kazakhstan and Turkmenistan (Wilhelmsen and Flikke 2011)."},
    {"D18", 138,
     "The SCO is unique in that it is the only regional organization in Central Asia "
     "where both China and Russia are partners."},
    {"D18", 178,
     "…and EU have reacted forcibly against Russia with sanctions after Crimea "
     "and fighting in Eastern Ukraine, compelling the Kremlin to look towards "
     "China."},
    {"D18", 180,
     "…strategy should be to counter Russian and/or Chinese dominance in Central "
     "Asia and more broadly across Eurasia."},
    {"HB20", 18,
     "However, as the power asymmetry between China and Russia grows, China "
     "allows itself to be more assertive in the military sphere, which so far has "
     "been the prerogative of the Russians."},
    {"HB20", 19,
     "…assertive behaviour on China’s part, and Moscow’s insistence on being the "
     "sole security provider in Central Asia, the military sphere is where we "
     "see the biggest risk of escalation in the region."},
    {"HB20", 20,
     "Another consequence of this growing power asymmetry is that Russia "
     "increasingly feels like the “junior partner” in the relationship."},
    {"HB20", 21,
     "While China and Russia both consider Central Asia as one of the "
     "“chessboards” on which to play out their game of competition and cooperation, "
     "they are not the only players."},
    {"HB20", 22,
     "In view of the above, the EU should look to become a part of the dynamic by "
     "investing strongly in the effective implementation of the 2019 Central Asia "
     "Strategy."},
    {"HB20", 56,
     "The sanctions induced the Kremlin to strengthen Russia-China relations even "
     "more."},
    {"HB20", 80,
     "Since 2018, when President Donald Trump began imposing tariffs and trade "
     "barriers, the trade war between the US and China has pushed China and Russia "
     "even closer together."},
    {"HB20", 140,
     "Are there any growing trends or developments that could upset the Central Asian "
     "equilibrium?"},
    {"HB20", 144,
     "…Russia would preserve a stable political climate and keep an eye on "
     "regional military affairs, while China would provide regional economic "
     "investment and prosperity.⁴³"},
    {"HB20", 152,
     "A permanent multilateral political, economic and security alliance that was "
     "established in 2001 between Russia, China, Kazakhstan, Kyrgyzstan, Tajikistan "
     "and Uzbekistan."},
    {"HB20", 164,
     "…the Russian-led Eurasian Economic Union (EAEU) and the Chinese Belt and "
     "Road Initiative (BRI) in Central Asia might appear complementary…"},
    {"HB20", 172,
     "An international organization of regional economic integration, established in "
     "2015, which brings together Russia, Armenia, Belarus, Kazakhstan and Kyrgyzstan."},
    {"HB20", 174,
     "After a close look, it appears that Russia and China’s ambitions in Central "
     "Asia diverge as a result of their unequal economic capacity."},
    {"HB20", 176,
     "…Russian officials could be incentivised to reduce the risk of greater "
     "reliance on China and could eventually compel Russia to look again to the "
     "West, where most of its trade remains…"},
    {"HB20", 180,
     "In 2013, the BRI was officially launched by Xi Jinping in Astana, "
     "Kazakhstan.⁶⁸"},
    {"HB20", 184,
     "This is not necessarily problematic for Russia, since the status-quo of "
     "low- level instability does guarantee a lasting demand for Russian- "
     "provided regional security…"},
    {"HB20", 188,
     "These activities range from China's significantly increased regional arms "
     "trade since 2014⁷⁵, to the construction of its own military basis in "
     "Tajikistan…"},
    {"HB20", 238,
     "This current balance of power in the region is therefore fragile, since it is "
     "based on the premise that, in one way or another, both parties need each other "
     "to more or less the same degree."},
    {"HB20", 309,
     "Kazakh President Kassym-Jomart Tokayev is a strong opponent of this "
     "Russian initiative, calling it a \"restriction of sovereign rights\"."},
    {"HB20", 311,
     "With at least $8 billion in loans and 94% of the country's gas going to "
     "China."},
    {"HB20", 326,
     "China provided 18 percent of the region's arms over the past five years in "
     "contrast to the 1.5 percent of Central Asian arms imports that it provided "
     "between 2010 and 2014."},
    {"HB20", 327,
     "…through the launch of 'Cooperation 2019', a series of joint military "
     "counter-terrorism drills with Kyrgyzstan, Uzbekistan and Tajikistan…"},
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

int gg_paper_count(void)
{
    return COUNT(papers);
}

const gg_paper *gg_paper_get(int i)
{
    return i >= 0 && i < COUNT(papers) ? &papers[i] : NULL;
}

int gg_quote_count(void)
{
    return COUNT(quotes);
}

const gg_quote *gg_quote_get(int i)
{
    return i >= 0 && i < COUNT(quotes) ? &quotes[i] : NULL;
}

const gg_quote *gg_quote_find(const char *paper, int line)
{
    for (int i = 0; i < COUNT(quotes); i++)
        if (quotes[i].line == line && strcmp(quotes[i].paper, paper) == 0)
            return &quotes[i];
    return NULL;
}

/* Reads a decimal number at *p (advancing it); -1 if none. */
static int number(const char **p)
{
    int v = -1;
    while (**p >= '0' && **p <= '9' && v < 100000)
        v = (v < 0 ? 0 : v * 10) + (*(*p)++ - '0');
    return v;
}

int gg_source_cites(const char *source, gg_cite *out, int cap)
{
    int n = 0;
    const char *p = source;
    while (p && *p) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = p;
        while (*end && *end != ';')
            end++;
        const gg_paper *paper = NULL;
        for (int i = 0; i < COUNT(papers); i++) {
            size_t k = strlen(papers[i].key);
            if ((size_t)(end - p) > k && memcmp(p, papers[i].key, k) == 0 && p[k] == ' ')
                paper = &papers[i];
        }
        if (paper) { /* "KEY L1, L2-L3 (comment)": lines until the comment */
            const char *q = p + strlen(paper->key);
            while (q < end && *q != '(') {
                if (*q == 'L' && q[1] >= '0' && q[1] <= '9') {
                    q++;
                    int first = number(&q), last = first;
                    if (*q == '-' && (q[1] == 'L' || (q[1] >= '0' && q[1] <= '9'))) {
                        q += q[1] == 'L' ? 2 : 1;
                        last = number(&q);
                    }
                    if (n < cap)
                        out[n] = (gg_cite){paper->key, (uint16_t)first,
                                           (uint16_t)(last >= first ? last : first)};
                    n++;
                } else {
                    q++;
                }
            }
        }
        p = *end ? end + 1 : end;
    }
    return n;
}

const gg_quote *gg_source_quote(const char *source)
{
    gg_cite c[8];
    int n = gg_source_cites(source, c, 8);
    for (int i = 0; i < n && i < 8; i++) {
        const gg_quote *q = gg_quote_find(c[i].paper, c[i].line);
        if (q)
            return q;
    }
    return NULL;
}
