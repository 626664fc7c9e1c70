// SPDX-License-Identifier: Apache-2.0

/// The stylesheet and the small progressive-enhancement script, served from memory.
enum StaticAssets {
    /// `/static/app.css`: responsive (tablet), high-contrast, visible focus, print styles for documents.
    static let css = """
        :root{--ink:#1a1a1a;--muted:#4a4f57;--line:#c9ced6;--bg:#fff;--panel:#f4f6f8;--accent:#0b5cad;
        --danger:#a4141b;--danger-bg:#fdecec;--warn:#7a4b00;--warn-bg:#fff4d6;--ok:#1d6b33;--ok-bg:#e7f5ea}
        *{box-sizing:border-box}
        html{font-size:100%}
        body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
        a{color:var(--accent)}
        a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #ffbf47;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
        header.site{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.6rem 1.2rem;background:#14324f;color:#fff}
        header.site a{color:#fff}
        .brand{font-weight:700;font-size:1.2rem;text-decoration:none}
        header.site nav ul{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;margin:0;padding:0}
        .who{margin-left:auto;display:flex;gap:.8rem;align-items:center;font-size:.9rem}
        button.link{background:none;border:0;color:#fff;text-decoration:underline;cursor:pointer;font:inherit;padding:0}
        main{padding:1rem 1.2rem;max-width:84rem;margin:0 auto}
        footer.site{padding:1rem 1.2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
        h1{font-size:1.6rem;margin:.4rem 0 1rem}h2{font-size:1.25rem;margin:1.6rem 0 .6rem}h3{font-size:1.05rem}
        .flash{padding:.6rem 1rem;background:var(--ok-bg);border-left:4px solid var(--ok);margin-bottom:1rem}
        .banner{padding:.8rem 1rem;margin:0 0 1rem;border-left:6px solid var(--danger);background:var(--danger-bg);color:#5c0a0e}
        .banner h2{margin:0 0 .3rem;font-size:1.15rem;color:var(--danger)}
        .notice{padding:.6rem 1rem;border-left:4px solid var(--warn);background:var(--warn-bg);margin:.6rem 0}
        .error{max-width:40rem}
        .inline{display:inline}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
        table{border-collapse:collapse;width:100%;font-size:.95rem}
        th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
        thead th{background:var(--panel);position:sticky;top:0}
        th a{color:inherit}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        .tag{display:inline-block;padding:.05rem .45rem;border-radius:.8rem;font-size:.8rem;margin:.1rem .2rem .1rem 0;border:1px solid var(--line);background:var(--panel)}
        .tag.safety{background:var(--danger-bg);border-color:var(--danger);color:#5c0a0e;font-weight:600}
        .tag.not-improving,.tag.psychiatric-review{background:var(--warn-bg);border-color:var(--warn);color:#4d2f00}
        .tag.met{background:#e8effa;border-color:var(--accent)}
        .improved{color:var(--ok)}.worse{color:var(--danger)}
        form.filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:flex-end;margin-bottom:1rem}
        label{display:block;font-weight:600;margin:.2rem 0}
        .field{margin:.6rem 0}
        .field .hint{color:var(--muted);font-size:.85rem;font-weight:400}
        input,select,textarea{font:inherit;padding:.45rem .5rem;border:1px solid #6b7280;border-radius:.25rem;min-height:2.6rem;max-width:100%}
        textarea{width:100%;min-height:5rem}
        input[aria-invalid=true],select[aria-invalid=true]{border:2px solid var(--danger)}
        .field-error{color:var(--danger);font-weight:600;margin:.2rem 0}
        button,.button{display:inline-block;font:inherit;padding:.5rem 1rem;border-radius:.25rem;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;min-height:2.6rem}
        .button.secondary,button.secondary{background:#fff;color:var(--accent)}
        fieldset{border:1px solid var(--line);border-radius:.3rem;margin:1rem 0;padding:.6rem 1rem}
        legend{font-weight:700;padding:0 .3rem}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.4rem 1rem}
        .item{border-bottom:1px solid var(--line);padding:.5rem 0}
        .item .options{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
        .item .options label{font-weight:400;display:flex;gap:.35rem;align-items:center;min-height:2.2rem}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem;list-style:none;padding-left:0}
        .card{border:1px solid var(--line);border-radius:.4rem;padding:.8rem 1rem;background:#fff}
        .card h3{margin:.1rem 0 .4rem}
        .muted{color:var(--muted)}
        .rule{font-size:.8rem;font-family:ui-monospace,Menlo,monospace}
        .actions{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}
        .pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
        svg.timeline{width:100%;height:auto;border:1px solid var(--line);border-radius:.3rem;background:#fff}
        svg.timeline text{font:11px system-ui,sans-serif;fill:#1a1a1a}
        .legend{display:flex;flex-wrap:wrap;gap:1rem;font-size:.85rem;color:var(--muted);list-style:none;padding-left:0}
        tbody th[scope=row]{white-space:nowrap}
        .nowrap{white-space:nowrap}
        dl.fields div,dl.doc-header div{display:flex;gap:.5rem}dl.fields dt,dl.doc-header dt{font-weight:600;min-width:12rem}dd{margin:0}
        article.document{max-width:52rem}
        article.document .blank .line{border-bottom:1px solid #333;height:1.8rem}
        ul.checklist{list-style:none;padding-left:0}
        .doc-toolbar{display:flex;gap:.6rem;flex-wrap:wrap;margin-bottom:1rem}
        @media (max-width:48rem){dl.fields div,dl.doc-header div{flex-direction:column;gap:0}th,td{padding:.4rem .3rem}}
        @media print{header.site,footer.site,.doc-toolbar,.skip,nav,.actions,form{display:none!important}
        body{font:11pt/1.4 Georgia,"Times New Roman",serif}main{padding:0;max-width:none}
        a{color:inherit;text-decoration:none}h2{page-break-after:avoid}table,tr{page-break-inside:avoid}
        thead th{position:static;background:#eee}.banner{border:2px solid #000;background:#fff;color:#000}
        article.document{max-width:none}@page{margin:18mm}}
        """

    /// `/static/app.js`: progressive enhancement only; every page works without it.
    static let javascript = """
        document.addEventListener('DOMContentLoaded', function () {
          document.querySelectorAll('[data-print]').forEach(function (button) {
            button.hidden = false;
            button.addEventListener('click', function () { window.print(); });
          });
          document.querySelectorAll('form[data-confirm]').forEach(function (form) {
            form.addEventListener('submit', function (event) {
              if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
            });
          });
          document.querySelectorAll('[data-add-dose-row]').forEach(function (button) {
            button.hidden = false;
            button.addEventListener('click', function () {
              var rows = document.querySelectorAll('.dose-row');
              var last = rows[rows.length - 1];
              if (!last) { return; }
              var copy = last.cloneNode(true);
              copy.querySelectorAll('input').forEach(function (input) { input.value = ''; });
              last.parentNode.insertBefore(copy, last.nextSibling);
            });
          });
        });
        """
}
