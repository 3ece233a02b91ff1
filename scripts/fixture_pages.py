"""A whole BIP page around a harmonogram's table, as a clerk saves it from the browser: a
header and a menu laid out with tables, a sidebar with a calendar widget and a list of council
sessions, a table of the latest calls ("Konkurs | Termin składania ofert": a header naming a
task and a term, but no harmonogram) in the sidebar or under the harmonogram, a contact table,
the article's metadata, and a footer table. Both orders of sidebar and article are made.
Pure text: no writer here."""

from __future__ import annotations

import html

_CALENDAR = """<table class="kalendarz" summary="Kalendarz wydarzeń">
<caption><a href="#">«</a> Styczeń 2025 <a href="#">»</a></caption>
<tr><th>Pn</th><th>Wt</th><th>Śr</th><th>Cz</th><th>Pt</th><th>So</th><th>Nd</th></tr>
<tr><td></td><td></td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr>
<tr><td>6</td><td>7</td><td>8</td><td>9</td><td>10</td><td>11</td><td>12</td></tr>
<tr><td>13</td><td>14</td><td>15</td><td><a href="#">16</a></td><td>17</td><td>18</td><td>19</td></tr>
<tr><td>20</td><td>21</td><td>22</td><td>23</td><td>24</td><td>25</td><td>26</td></tr>
<tr><td>27</td><td>28</td><td>29</td><td>30</td><td>31</td><td></td><td></td></tr>
</table>"""

_CALLS = """<h3>Aktualne konkursy</h3>
<table class="lista-konkursow">
<tr><th>Konkurs</th><th>Termin składania ofert</th></tr>
<tr><td><a href="#">Otwarty konkurs ofert na realizację zadania publicznego w zakresie kultury fizycznej</a></td><td>do 14.02.2025 r.</td></tr>
<tr><td><a href="#">Otwarty konkurs ofert w zakresie ochrony i promocji zdrowia</a></td><td>do 28 lutego 2025 r.</td></tr>
<tr><td><a href="#">Konkurs na wsparcie zadań z zakresu turystyki</a></td><td>marzec 2025</td></tr>
</table>"""

_SESSIONS = """<h3>Sesje Rady Miasta</h3>
<table class="sesje"><tr><td>styczeń 2025</td><td>IX sesja Rady Miasta</td></tr>
<tr><td>luty 2025</td><td>X sesja Rady Miasta</td></tr></table>"""

_METADATA = """<table class="metryczka">
<tr><td>Podmiot udostępniający informację:</td><td>Urząd Miasta {city}</td></tr>
<tr><td>Wytworzył:</td><td>Biuro Organizacji Pozarządowych</td></tr>
<tr><td>Data wytworzenia:</td><td>2025-01-15</td></tr>
<tr><td>Wprowadził:</td><td>Anna Nowak</td></tr>
<tr><td>Data wprowadzenia:</td><td>2025-01-20 12:04</td></tr>
</table>"""

_PAGE = """<!DOCTYPE html>
<html lang="pl"><head><meta charset="utf-8"><title>BIP – {city}</title>
<script>var _paq = window._paq || []; document.write("<table><tr><td>x</td></tr></table>");</script>
<style>.cookie {{position: fixed}}</style></head>
<body>
<div class="cookie">Ta strona używa plików cookies. <a href="#">Akceptuję</a></div>
<table class="uklad" width="100%"><tr><td><img src="herb.png" alt="Herb"> Biuletyn Informacji Publicznej Urzędu Miasta {city}</td>
<td><a href="#">Wersja kontrastowa</a> <a href="#">A+</a> <a href="#">A++</a></td></tr></table>
<nav><table class="menu"><tr><td><a href="/">Strona główna</a></td><td><a href="/uchwaly">Uchwały</a></td>
<td><a href="/ngo">Organizacje pozarządowe</a></td><td><a href="/kontakt">Kontakt</a></td></tr></table></nav>
{first}
{second}
<footer><table class="stopka"><tr><td>Urząd Miasta {city}<br>ul. Ratuszowa 1<br>tel. 65 000 00 00</td>
<td>Godziny pracy:<br>poniedziałek 8:00–16:00<br>wtorek–piątek 7:30–15:30</td>
<td><a href="#">Redakcja BIP</a><br><a href="#">Deklaracja dostępności</a><br><a href="#">Mapa strony</a></td></tr></table></footer>
</body></html>
"""

_ARTICLE = """<main><h1>Organizacje pozarządowe</h1>
<p>Opublikowano: 2025-01-20 | Autor: Biuro Organizacji Pozarządowych</p>
{heading}
{table}
<p>{footer}</p>
<h3>Kontakt</h3>
<table class="kontakt"><tr><th>Osoba</th><th>Telefon</th></tr><tr><td>Anna Nowak</td><td>65 000 00 00</td></tr></table>
{calls}
{metadata}
</main>"""


def bip_page(city: str, heading: str, table: str, footer: str, *, sidebar_first: bool) -> str:
    """The page: `heading` and `table` (HTML) in the article, `footer` (escaped text) under it.
    When `sidebar_first`, the sidebar is a <div> before the article and holds the latest calls;
    else an <aside> after it, and the latest calls are in the article, under the harmonogram."""
    calls = "" if sidebar_first else _CALLS
    inside = f"<h3>Kalendarz</h3>\n{_CALENDAR}\n{_CALLS if sidebar_first else ''}\n{_SESSIONS}"
    sidebar = (
        f'<div id="sidebar" class="col-3">\n{inside}\n</div>'
        if sidebar_first
        else f"<aside>\n{inside}\n</aside>"
    )
    article = _ARTICLE.format(
        heading=heading,
        table=table,
        footer=footer,
        calls=calls,
        metadata=_METADATA.format(city=html.escape(city)),
    )
    first, second = (sidebar, article) if sidebar_first else (article, sidebar)
    return _PAGE.format(city=html.escape(city), first=first, second=second)
