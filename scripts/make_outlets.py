#!/usr/bin/env python3
"""Regenerate src/srctrack/data/outlets.json from the table below, and nothing else:
`python scripts/make_outlets.py` (`--check` exits 1 when the file differs from the table).

The gazetteer names canonical forms and aliases so that "EDM" and jamestown.org links land on
one outlet; extraction must find outlets it does not list. An entry belongs here when the
outlet is cited across the press, never because one test document needs it. Two outlets that
share a folded alias or a domain stop the build.

One outlet a line: name | kind | aliases separated by ";" | domains separated by ";".
Kinds: newspaper, agency, magazine, website, think-tank, journal, broadcaster, organisation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from srctrack.parse.outlets import fold

TABLE = """
The New York Times|newspaper|New York Times;NYT;NY Times;NYTimes|nytimes.com
The Washington Post|newspaper|Washington Post;WaPo|washingtonpost.com
The Wall Street Journal|newspaper|Wall Street Journal;WSJ|wsj.com
Financial Times|newspaper|FT;The Financial Times|ft.com
The Guardian|newspaper|Guardian|theguardian.com
The Times|newspaper|Times of London|thetimes.co.uk
The Telegraph|newspaper|Daily Telegraph;The Daily Telegraph|telegraph.co.uk
The Independent|newspaper|Independent|independent.co.uk
The Economist|magazine|Economist|economist.com
Politico|website|Politico Europe;POLITICO|politico.com;politico.eu
Axios|website||axios.com
The Atlantic|magazine|Atlantic|theatlantic.com
The New Yorker|magazine|New Yorker|newyorker.com
Foreign Affairs|journal||foreignaffairs.com
Foreign Policy|magazine|FP|foreignpolicy.com
The National Interest|magazine|National Interest|nationalinterest.org
War on the Rocks|website||warontherocks.com
The Diplomat|magazine|Diplomat|thediplomat.com
Nikkei Asia|newspaper|Nikkei;Nikkei Asian Review|asia.nikkei.com;nikkei.com
South China Morning Post|newspaper|SCMP|scmp.com
Caixin|magazine|Caixin Global|caixinglobal.com;caixin.com
Global Times|newspaper||globaltimes.cn
China Daily|newspaper||chinadaily.com.cn
The Japan Times|newspaper|Japan Times|japantimes.co.jp
The Hindu|newspaper|Hindu|thehindu.com
The Economic Times|newspaper|Economic Times|economictimes.indiatimes.com
The Times of India|newspaper|Times of India|timesofindia.indiatimes.com
Hindustan Times|newspaper||hindustantimes.com
Dawn|newspaper||dawn.com
Al Jazeera|broadcaster|Aljazeera;Al Jazeera English|aljazeera.com;aljazeera.net
Al-Monitor|website|Al Monitor|al-monitor.com
Haaretz|newspaper||haaretz.com
The Times of Israel|newspaper|Times of Israel|timesofisrael.com
BBC|broadcaster|BBC News;British Broadcasting Corporation|bbc.com;bbc.co.uk
CNN|broadcaster||cnn.com
NPR|broadcaster|National Public Radio|npr.org
CNBC|broadcaster||cnbc.com
Deutsche Welle|broadcaster|DW|dw.com
France 24|broadcaster||france24.com
Euronews|broadcaster||euronews.com
Radio Free Europe/Radio Liberty|broadcaster|RFE/RL;Radio Free Europe;Radio Liberty;RFERL;Radio Svoboda;Радио Свобода|rferl.org;svoboda.org
Voice of America|broadcaster|VOA|voanews.com
Bloomberg|agency|Bloomberg News;Bloomberg Businessweek|bloomberg.com
Reuters|agency|Thomson Reuters|reuters.com
Associated Press|agency|AP;The Associated Press|apnews.com
Agence France-Presse|agency|AFP|afp.com
EFE|agency|Agencia EFE;agencia EFE|efe.com
ANSA|agency|Agenzia ANSA|ansa.it
dpa|agency|Deutsche Presse-Agentur;DPA|dpa.com
Anadolu Agency|agency|Anadolu;AA|aa.com.tr
Kyodo News|agency|Kyodo|kyodonews.net
Yonhap|agency|Yonhap News Agency|yna.co.kr
Xinhua|agency|Xinhua News Agency|xinhuanet.com;news.cn
TASS|agency|ITAR-TASS;ТАСС|tass.ru;tass.com
Interfax|agency|Интерфакс;Интерфакса|interfax.ru;interfax.com
RIA Novosti|agency|RIA;РИА Новости|ria.ru
Kommersant|newspaper|Коммерсантъ;Коммерсант;Коммерсанта;Коммерсанте|kommersant.ru
Vedomosti|newspaper|Ведомости;Ведомостей|vedomosti.ru
Izvestia|newspaper|Izvestiya;Известия|iz.ru
RBC|website|RBK;РБК|rbc.ru
Nezavisimaya Gazeta|newspaper|Независимая газета;NG|ng.ru
Novaya Gazeta|newspaper|Новая газета|novayagazeta.ru
Novaya Gazeta Europe|newspaper||novayagazeta.eu
Meduza|website|Медуза|meduza.io
Mediazona|website|Медиазона|zona.media
The Moscow Times|newspaper|Moscow Times|themoscowtimes.com
Rosstat|organisation|Росстат;Росстата|rosstat.gov.ru
Re: Russia|website|Re:Russia|re-russia.net
Russia in Global Affairs|journal|Global Affairs;Россия в глобальной политике|globalaffairs.ru;eng.globalaffairs.ru
Profile|magazine|Профиль|profile.ru
Valdai Discussion Club|think-tank|Valdai Club;Valdai|valdaiclub.com
Carnegie Politika|website||carnegieendowment.org/politika
Carnegie Endowment for International Peace|think-tank|Carnegie Endowment;Carnegie|carnegieendowment.org
Eurasianet|website|EurasiaNet|eurasianet.org
Eurasia Daily Monitor|journal|EDM;Jamestown Eurasia Daily Monitor|jamestown.org/edm;jamestown.org/program
Jamestown Foundation|think-tank|Jamestown|jamestown.org
Central Asia-Caucasus Analyst|journal|CACI Analyst;Central Asia-Caucasus Institute;Central Asian Caucasus Analyst Institute;Central Asia Caucasus Analyst|cacianalyst.org
CABAR Asia|website|CABAR.asia;CABAR|cabar.asia
Civil.ge|website|Civil Georgia|civil.ge
Vlast.kz|website||vlast.kz
Kapital.kz|website||kapital.kz
Kursiv|newspaper|Kursiv.media|kursiv.media
Tengrinews|website|Tengri News|tengrinews.kz
The Times of Central Asia|newspaper|Times of Central Asia|timesca.com
Belsat|broadcaster|Belsat TV|belsat.eu
Nasha Niva|newspaper||nashaniva.com
Zerkalo|website|Zerkalo.io|zerkalo.io
Viasna|organisation|Viasna Human Rights Centre|spring96.org
Kyiv Independent|newspaper|The Kyiv Independent|kyivindependent.com
Ukrainska Pravda|website|Українська правда|pravda.com.ua
Kyiv School of Economics|think-tank|KSE|kse.ua
High North News|website||highnorthnews.com
The Barents Observer|newspaper|Barents Observer|thebarentsobserver.com
Lloyd's List|newspaper||lloydslist.com
Bellona|organisation|Bellona Foundation|bellona.org
The Arctic Institute|think-tank|Arctic Institute|thearcticinstitute.org
Euractiv|website|EurActiv;Euractiv.com|euractiv.com
EUobserver|website||euobserver.com
Clean Energy Wire|website|CLEW|cleanenergywire.org
Carbon Brief|website||carbonbrief.org
Climate Home News|website|Climate Home|climatechangenews.com
Rest of World|website||restofworld.org
Le Monde|newspaper|Monde|lemonde.fr
Le Figaro|newspaper|Figaro|lefigaro.fr
Libération|newspaper|Liberation|liberation.fr
Les Echos|newspaper|Echos|lesechos.fr
Mediapart|website||mediapart.fr
Jeune Afrique|magazine||jeuneafrique.com
Le Monde diplomatique|newspaper||monde-diplomatique.fr
RFI|broadcaster|Radio France Internationale|rfi.fr
Frankfurter Allgemeine Zeitung|newspaper|FAZ;F.A.Z.;Frankfurter Allgemeine;Frankfurter Allgemeinen Zeitung;Frankfurter Allgemeinen|faz.net
Süddeutsche Zeitung|newspaper|SZ;Süddeutschen Zeitung;Sueddeutsche Zeitung|sueddeutsche.de
Der Spiegel|magazine|Spiegel;Spiegel Online|spiegel.de
Die Zeit|newspaper|Zeit;Zeit Online|zeit.de
Handelsblatt|newspaper||handelsblatt.com
Die Welt|newspaper|Welt|welt.de
Tagesspiegel|newspaper|Der Tagesspiegel|tagesspiegel.de
Neue Zürcher Zeitung|newspaper|NZZ;Neuen Zürcher Zeitung|nzz.ch
Corriere della Sera|newspaper|Corriere|corriere.it
la Repubblica|newspaper|Repubblica;La Repubblica|repubblica.it
Il Sole 24 Ore|newspaper|Sole 24 Ore|ilsole24ore.com
La Stampa|newspaper|Stampa|lastampa.it
lavoce.info|website|La Voce|lavoce.info
ISPI|think-tank|Istituto per gli Studi di Politica Internazionale|ispionline.it
El País|newspaper|El Pais;País|elpais.com
El Mundo|newspaper||elmundo.es
La Vanguardia|newspaper||lavanguardia.com
Clarín|newspaper|Clarin|clarin.com
La Nación|newspaper|La Nacion|lanacion.com.ar
El Mercurio|newspaper||elmercurio.com
Diario Financiero|newspaper||df.cl
Real Instituto Elcano|think-tank|Elcano Royal Institute;Elcano|realinstitutoelcano.org
Chatham House|think-tank|Royal Institute of International Affairs|chathamhouse.org
The World Today|magazine||chathamhouse.org/publications/the-world-today
International Institute for Strategic Studies|think-tank|IISS|iiss.org
Royal United Services Institute|think-tank|RUSI|rusi.org
European Council on Foreign Relations|think-tank|ECFR|ecfr.eu
Centre for European Reform|think-tank|CER|cer.eu
Bruegel|think-tank||bruegel.org
Centre for European Policy Studies|think-tank|CEPS|ceps.eu
Center for European Policy Analysis|think-tank|CEPA|cepa.org
Centre for Eastern Studies|think-tank|OSW;Ośrodek Studiów Wschodnich;OSW Commentary|osw.waw.pl
International Centre for Defence and Security|think-tank|ICDS|icds.ee
Stiftung Wissenschaft und Politik|think-tank|SWP;German Institute for International and Security Affairs|swp-berlin.org
Stiftung Neue Verantwortung|think-tank|SNV;interface|stiftung-nv.de
Institut der deutschen Wirtschaft|think-tank|IW;Instituts der deutschen Wirtschaft|iwkoeln.de
DIW Berlin|think-tank|DIW;Deutsches Institut für Wirtschaftsforschung|diw.de
ifo Institute|think-tank|ifo;ifo Institut|ifo.de
Kiel Institute for the World Economy|think-tank|Kiel Institute;IfW Kiel|ifw-kiel.de
IFRI|think-tank|Institut français des relations internationales;Ifri|ifri.org
Fondation pour la recherche stratégique|think-tank|FRS|frstrategie.org
Brookings Institution|think-tank|Brookings|brookings.edu
Center for Strategic and International Studies|think-tank|CSIS;CSIS Commentary|csis.org
ChinaPower|website|ChinaPower Project|chinapower.csis.org
RAND Corporation|think-tank|RAND|rand.org
Council on Foreign Relations|think-tank|CFR|cfr.org
Atlantic Council|think-tank||atlanticcouncil.org
Center for a New American Security|think-tank|CNAS|cnas.org
Peterson Institute for International Economics|think-tank|PIIE;Peterson Institute|piie.com
Heritage Foundation|think-tank|The Heritage Foundation|heritage.org
American Enterprise Institute|think-tank|AEI|aei.org
Cato Institute|think-tank|Cato|cato.org
Hudson Institute|think-tank|Hudson|hudson.org
Wilson Center|think-tank|Woodrow Wilson Center;Kennan Institute|wilsoncenter.org
Institute for the Study of War|think-tank|ISW|understandingwar.org
Middle East Institute|think-tank|MEI|mei.edu
Washington Institute for Near East Policy|think-tank|Washington Institute|washingtoninstitute.org
Lowy Institute|think-tank|The Interpreter|lowyinstitute.org
Australian Strategic Policy Institute|think-tank|ASPI|aspi.org.au
Center for Global Development|think-tank|CGD|cgdev.org
Rhodium Group|think-tank||rhg.com
Oxford Institute for Energy Studies|think-tank|OIES|oxfordenergy.org
Institute for Energy Economics and Financial Analysis|think-tank|IEEFA|ieefa.org
Ember|think-tank||ember-climate.org
Regulatory Assistance Project|think-tank|RAP|raponline.org
International Institute for Environment and Development|think-tank|IIED|iied.org
World Resources Institute|think-tank|WRI|wri.org
Natural Resources Defense Council|organisation|NRDC|nrdc.org
Stockholm International Peace Research Institute|think-tank|SIPRI|sipri.org
International Crisis Group|think-tank|Crisis Group;ICG|crisisgroup.org
Institute for Security Studies|think-tank|ISS;ISS Today;ISS Africa|issafrica.org
Afghanistan Analysts Network|think-tank|AAN|afghanistan-analysts.org
ACLED|organisation|Armed Conflict Location & Event Data Project|acleddata.com
Global Initiative Against Transnational Organized Crime|organisation|GI-TOC|globalinitiative.net
Human Rights Watch|ngo|HRW|hrw.org
Amnesty International|ngo|Amnesty|amnesty.org
Reporters Without Borders|organisation|RSF;Reporters sans frontières|rsf.org
Committee to Protect Journalists|organisation|CPJ|cpj.org
Freedom House|organisation||freedomhouse.org
Transparency International|organisation|TI|transparency.org
Médecins Sans Frontières|organisation|MSF;Doctors Without Borders|msf.org
Caucasus Research Resource Centers|organisation|CRRC|crrc.ge
National Democratic Institute|organisation|NDI|ndi.org
Loss and Damage Collaboration|organisation||lossanddamagecollaboration.org
Malaria Consortium|organisation||malariaconsortium.org
Gavi|organisation|Gavi, the Vaccine Alliance|gavi.org
The Global Fund|organisation|Global Fund|theglobalfund.org
World Health Organization|organisation|WHO;World Health Organisation|who.int
United Nations|organisation|UN;U.N.|un.org
UN Office for the Coordination of Humanitarian Affairs|organisation|OCHA;UN OCHA|unocha.org;reliefweb.int
World Food Programme|organisation|WFP;UN World Food Programme|wfp.org
UNHCR|organisation|UN Refugee Agency|unhcr.org
UNCTAD|organisation|UN Conference on Trade and Development|unctad.org
UNDP|organisation|United Nations Development Programme|undp.org
Integrated Food Security Phase Classification|organisation|IPC|ipcinfo.org
Food and Agriculture Organization|organisation|FAO|fao.org
International Rice Research Institute|think-tank|IRRI|irri.org
IFPRI|think-tank|International Food Policy Research Institute;IFPRI Blog|ifpri.org
World Bank|organisation|The World Bank|worldbank.org
International Monetary Fund|organisation|IMF|imf.org
IMF PortWatch|website|PortWatch|portwatch.imf.org
OECD|organisation|Organisation for Economic Co-operation and Development;OECD Publishing|oecd.org;oecd-ilibrary.org
Bank for International Settlements|organisation|BIS|bis.org
European Central Bank|organisation|ECB|ecb.europa.eu
Federal Reserve|organisation|Fed;Federal Reserve Board|federalreserve.gov
International Energy Agency|organisation|IEA|iea.org
IRENA|organisation|International Renewable Energy Agency|irena.org
OPEC|organisation|Organization of the Petroleum Exporting Countries|opec.org
World Trade Organization|organisation|WTO|wto.org
NATO|organisation|North Atlantic Treaty Organization|nato.int
OSCE|organisation|Organization for Security and Co-operation in Europe|osce.org
European Commission|organisation|EC;Commission|ec.europa.eu;commission.europa.eu
Eurostat|organisation||ec.europa.eu/eurostat
European Parliament|organisation||europarl.europa.eu
Council of the European Union|organisation|Council of the EU|consilium.europa.eu
EUR-Lex|website||eur-lex.europa.eu
Agency for the Cooperation of Energy Regulators|organisation|ACER|acer.europa.eu
European Trade Union Institute|think-tank|ETUI|etui.org
European Heat Pump Association|organisation|EHPA|ehpa.org
Congressional Research Service|organisation|CRS|crsreports.congress.gov
Semiconductor Industry Association|organisation|SIA|semiconductors.org
National Payments Corporation of India|organisation|NPCI|npci.org.in
China Passenger Car Association|organisation|CPCA|cpcaauto.com
Hydrogen Council|organisation||hydrogencouncil.com
Transnational Institute|think-tank|TNI|tni.org
Drewry|organisation|Drewry Shipping Consultants|drewry.co.uk
Health Policy Watch|website||healthpolicy-watch.news
STAT News|website|STAT|statnews.com
Americas Quarterly|magazine||americasquarterly.org
Center for AI Safety|organisation|CAIS|safe.ai
Meta|organisation|Facebook|about.fb.com;meta.com
Hugging Face|website|HuggingFace|huggingface.co
GitHub|website||github.com
arXiv|website||arxiv.org
Wikipedia|website||wikipedia.org
The Lancet|journal|Lancet|thelancet.com
Nature|journal||nature.com
Science|journal||science.org
Nature Medicine|journal||nature.com/nm
International Security|journal||direct.mit.edu/isec
Survival|journal||iiss.org/publications/survival
Journal of Democracy|journal||journalofdemocracy.org
Europe-Asia Studies|journal||tandfonline.com/toc/ceas20
Post-Soviet Affairs|journal||tandfonline.com/toc/rpsa20
Energy Policy|journal||sciencedirect.com/journal/energy-policy
Gaidar Institute for Economic Policy|think-tank|Институт экономической политики имени Гайдара;Gaidar Institute|iep.ru
Levada Center|organisation|Levada;Левада-центр|levada.ru
Istanbul Policy Center|think-tank|IPC Istanbul|ipc.sabanciuniv.edu
Hürriyet|newspaper|Hurriyet;Hürriyet Daily News|hurriyet.com.tr
Daily Sabah|newspaper||dailysabah.com
Kathimerini|newspaper|eKathimerini|ekathimerini.com
Gazeta Wyborcza|newspaper|Wyborcza|wyborcza.pl
Rzeczpospolita|newspaper||rp.pl
Balkan Insight|website|BIRN|balkaninsight.com
bne IntelliNews|website|IntelliNews;bne|intellinews.com
Asia Times|newspaper||asiatimes.com
The Straits Times|newspaper|Straits Times|straitstimes.com
Channel NewsAsia|broadcaster|CNA|channelnewsasia.com
Taipei Times|newspaper||taipeitimes.com
Korea Herald|newspaper|The Korea Herald|koreaherald.com
Africa Report|magazine|The Africa Report|theafricareport.com
Daily Maverick|newspaper||dailymaverick.co.za
Mail & Guardian|newspaper||mg.co.za
Premium Times|newspaper||premiumtimesng.com
Business Standard|newspaper||business-standard.com
Mint|newspaper|Livemint|livemint.com
Brazilian Report|website|The Brazilian Report|brazilian.report
Folha de S.Paulo|newspaper|Folha|folha.uol.com.br
O Globo|newspaper||oglobo.globo.com
Forbes|magazine||forbes.com
Fortune|magazine||fortune.com
Time|magazine|TIME|time.com
Newsweek|magazine||newsweek.com
Vox|website||vox.com
Wired|magazine||wired.com
The Verge|website||theverge.com
TechCrunch|website||techcrunch.com
Ars Technica|website||arstechnica.com
MIT Technology Review|magazine||technologyreview.com
Project Syndicate|website||project-syndicate.org
Lawfare|website||lawfaremedia.org
Just Security|website||justsecurity.org
Defense News|newspaper||defensenews.com
Breaking Defense|website||breakingdefense.com
Janes|website|Jane's|janes.com
Oryx|website||oryxspioenkop.com
Bellingcat|website||bellingcat.com
OilPrice.com|website|OilPrice|oilprice.com
S&P Global|organisation|S&P Global Commodity Insights;Platts|spglobal.com
Argus Media|organisation|Argus|argusmedia.com
Kpler|organisation||kpler.com
Upstream|newspaper||upstreamonline.com
Energy Intelligence|organisation||energyintel.com
Akorda|government|Akorda.kz|akorda.kz
Collective Security Treaty Organization|organisation|CSTO|odkb-csto.org
Kremlin|government|President of Russia;kremlin.ru|kremlin.ru
NATO Defense College Foundation|think-tank|NDCF|natofoundation.org
"""


class AliasCollision(ValueError):
    """Two outlets answer to the same name once case, accents and punctuation are folded."""


def build() -> list[dict[str, object]]:
    """The gazetteer from TABLE alone, sorted by name; AliasCollision when two outlets share
    a folded name or alias, since lookups could then answer either."""
    items: list[dict[str, object]] = []
    owner: dict[str, str] = {}
    site_owner: dict[str, str] = {}
    for line in TABLE.strip().splitlines():
        name, kind, aliases, domains = (part.strip() for part in line.split("|"))
        alias_list = [a for a in dict.fromkeys(aliases.split(";")) if a and a != name]
        for alias in (name, *alias_list):
            key = fold(alias)
            if owner.setdefault(key, name) != name:
                raise AliasCollision(f"{alias!r} names both {owner[key]!r} and {name!r}")
        domain_list = [d for d in dict.fromkeys(domains.split(";")) if d]
        for domain in domain_list:
            if site_owner.setdefault(domain.lower(), name) != name:
                raise AliasCollision(f"{domain!r} is the site of both "
                                     f"{site_owner[domain.lower()]!r} and {name!r}")
        items.append({"name": name, "kind": kind, "aliases": alias_list,
                      "domains": domain_list})
    return sorted(items, key=lambda item: str(item["name"]).casefold())


def render(items: list[dict[str, object]]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    path = Path(__file__).resolve().parents[1] / "src" / "srctrack" / "data" / "outlets.json"
    try:
        items = build()
    except AliasCollision as e:
        print(f"make_outlets.py: {e}", file=sys.stderr)
        return 1
    text = render(items)
    if "--check" in sys.argv[1:]:
        if path.read_text(encoding="utf-8") != text:
            print(f"{path} differs from the table: run python scripts/make_outlets.py",
                  file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"{path}: {len(items)} outlets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
