def test_home_lists_committee_for_member(client, cast):
    client.force_login(cast.member)
    r = client.get("/")
    assert r.status_code == 200
    assert "Ban chỉ đạo A" in r.content.decode()
