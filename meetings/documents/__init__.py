"""The meetings' official documents (Decree 30/2020/NĐ-CP): the invitation letter, the minutes and
the notice of conclusions. This package builds their data from the records (context), reads and
names them (selectors) and archives what was signed (services); the documents app lays them out,
renders and stores them."""
