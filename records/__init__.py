"""Records: bundle import and export, retention and anonymisation."""
