<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>This page has moved – Lowfield District Council</title>

<link rel="canonical" href="https://www.lowfield.example.gov.uk/waste/bulky-items/">
<link rel="stylesheet" href="/assets/publish.css">
<meta http-equiv="refresh" content="0; url=/waste/bulky-items/">
<meta name="robots" content="noindex">
</head>
<body>
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="site-header">
<div class="width-container site-header__inner">
<a class="site-header__name" href="/">Lowfield District Council</a>
</div>
</header>
<div class="width-container">

<main class="main" id="main-content" tabindex="-1">
<h1 class="page-title">This page has moved</h1>
<p class="lead">This page has moved to <a href="/waste/bulky-items/">Book a bulky item collection</a>.</p>

</main>
</div>
<footer class="site-footer">
<div class="width-container">
<h2 class="visually-hidden">Support links</h2>
<ul class="site-footer__links">
<li><a href="/help/">Help using this website</a></li>
<li><a href="/accessibility/">Accessibility statement</a></li>
<li><a href="/a-to-z/">A to Z of services</a></li>
</ul>
<p class="site-footer__owner">© Lowfield District Council</p>
</div>
</footer>
</body>
</html>
