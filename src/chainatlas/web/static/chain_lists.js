// 产业链图谱: the links to the chain's work lists follow the chain chosen on the page.
document.addEventListener("DOMContentLoaded", function () {
  const select = document.getElementById("f-chain");
  const links = document.querySelectorAll("#chain-lists a[data-list]");
  const follow = () => { for (const a of links) a.href = `/${a.dataset.list}?chain=${encodeURIComponent(select.value)}`; };
  if (select) { select.addEventListener("change", follow); follow(); }
});
