"""A fixed set of works that covers every type and every awkward character the exporters
handle; the golden files in tests/golden/ are these works exported."""

from __future__ import annotations

from srctrack.model import Creator, Work

P = Creator.person
O = Creator.organisation  # noqa: E741

WORKS = (
    Work(key="engvall2022russia", type="article-newspaper",
         title="Russia’s war and the CSTO: what Kazakhstan learnt",
         container_title="The Guardian", authors=(P("Engvall", "Johan"),),
         issued="2022-03-14", url="https://www.theguardian.com/world/2022/mar/14/csto",
         accessed="2024-01-05"),
    Work(key="humanrightswatch2021ukraine", type="report",
         title="Ukraine: 50% of Shelters & Schools Hit", authors=(O("Human Rights Watch"),),
         publisher="Human Rights Watch", issued="2021-06",
         url="https://www.hrw.org/report/2021/06/ukraine_shelters?x=1%20a#sec",
         extra={"genre": "Research report"}),
    Work(key="dvorak2020prices", type="article-magazine",
         title="Prices rise ~5% in Q3 (a {braced} aside) for #1 firms",
         container_title="The Economist", authors=(P("Dvořák", "Šárka"), P("Smith", "J. R.")),
         issued="2020"),
    Work(key="vanderberg2019interview", type="interview", title="An interview with Jan",
         container_title="BBC Radio 4", authors=(P("van der Berg", "Jan"),),
         issued="2019-11-02", url="https://www.bbc.co.uk/programmes/b0000000"),
    Work(key="statisticsnorway2018official", type="webpage",
         title="Official statistics: $ signs, under_scores, carets ^ and back\\slashes",
         container_title="Statistics Norway", issued="2018",
         url="https://www.ssb.no/en/stats?q=a_b&c=%7E"),
    Work(key="lloydwebber2017unmasked", type="book", title="Unmasked: A memoir",
         authors=(P("Lloyd Webber", "Andrew"),), publisher="HarperCollins", issued="2017"),
    Work(key="oconnor2023energy", type="article-journal",
         title="Energy security in the EU and NATO after 2022",
         container_title="Journal of Strategic Studies",
         authors=(P("O’Connor", "Siobhán"), P("Müller", "Jürgen"), P("Ørsted", "Hans")),
         issued="2023-01", doi="10.1080/01402390.2023.2171234"),
    Work(key="reuters2024ceasefire", type="article-newspaper",
         title="Ceasefire talks resume in Doha", container_title="Reuters",
         issued="2024-02-20", url="https://www.reuters.com/world/ceasefire-2024-02-20/"),
)
