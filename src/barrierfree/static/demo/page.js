// The demo site's own script: the 【打印本页】 and 【关闭窗口】 buttons that government CMS
// article templates carry. Kept outside the HTML so the page works under a strict CSP.
for (const button of document.querySelectorAll('[data-demo-action]')) {
  button.addEventListener('click', () => {
    if (button.dataset.demoAction === 'print') window.print();
    else window.close();
  });
}
